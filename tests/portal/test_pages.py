"""Every page type: where it can be created, that it renders, who may edit it."""
import pytest
from wagtail.models import Page

from portal.models import (
    CountriesIndexPage,
    CountryProfilePage,
    HomePage,
    PortalSettings,
    ResourcesIndexPage,
    StandardPage,
)

pytestmark = pytest.mark.django_db


def bsr_home() -> HomePage:
    return HomePage.objects.get(slug="bsr")


def test_page_tree_rules():
    home = bsr_home()
    index = CountriesIndexPage.objects.child_of(home).get()
    profile = CountryProfilePage.objects.child_of(index).first()
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert StandardPage.can_create_at(home)
    # One countries index and one resources library per tenant; they exist already.
    assert not CountriesIndexPage.can_create_at(home)
    assert not ResourcesIndexPage.can_create_at(home)
    assert CountriesIndexPage.can_exist_under(home)
    # Profiles live only under the countries index.
    assert CountryProfilePage.can_create_at(index)
    assert not CountryProfilePage.can_exist_under(home)
    assert not StandardPage.can_exist_under(profile)


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/", "Where to start"),
        ("/en/countries/", "Lithuania"),
        ("/en/countries/lt/", "Reflection and recovery period"),
        ("/en/resources/", "resources"),
        ("/en/about/", "Demo data"),
    ],
)
def test_each_page_type_renders(get, path, expected):
    response = get("bsr", path)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_every_demo_page_is_labelled_as_fictional(get):
    site_pages = Page.objects.live().descendant_of(bsr_home(), inclusive=True)
    for page in site_pages:
        html = get("bsr", page.url_path.replace("/bsr/", "/en/", 1)).content.decode()
        assert "Demo data — fictional" in html, page.url_path


def test_home_page_figures_count_the_tenants_countries_and_resources(get):
    html = get("tact", "/en/").content.decode()
    assert "<dt>Member countries</dt><dd>8</dd>" in html
    assert "<dt>Resources</dt><dd>6</dd>" in html


def test_profile_lists_every_section_of_the_tenant_in_order(get):
    html = get("see", "/en/countries/xk/").content.decode()
    headings = [
        "A presumed victim is identified",
        "National point of contact and initial referral",
        "Formal identification",
        "Reflection and recovery period",
        "Urgent assistance",
        "Return",
        "Long-term assistance and social inclusion",
    ]
    import re

    sections = re.findall(r'<h2 id="([a-z-]+)-heading">(.*?)</h2>', html)
    shown = [re.sub(r"<[^>]+>", "", title).strip() for slug, title in sections if slug not in ("call-now", "key-contacts", "toc", "keep-offline", "implementation")]
    assert [re.sub(r"^\d+\.\s*", "", title) for title in shown] == headings
    assert "<h1>Kosovo</h1>" in html


def test_section_list_is_tenant_data_renaming_a_section_changes_the_profile(get):
    from portal.models import ProfileSectionType

    section = ProfileSectionType.objects.get(site__hostname="see.localhost", slug="return")
    section.title_en = "Return and reintegration"
    section.save()
    assert "Return and reintegration" in get("see", "/en/countries/rs/").content.decode()
    assert "Return and reintegration" not in get("bsr", "/en/countries/lt/").content.decode()


class TestEditorPermissions:
    def test_country_editor_can_edit_their_countrys_profile_in_every_tenant(self, editor):
        user = editor("pl")
        for profile in CountryProfilePage.objects.filter(country__code="PL"):
            permissions = profile.permissions_for_user(user)
            assert permissions.can_edit() and permissions.can_publish()
        assert CountryProfilePage.objects.filter(country__code="PL").count() == 2  # bsr and tact

    def test_country_editor_cannot_edit_another_countrys_profile_or_the_home_page(self, editor):
        user = editor("lt")
        latvia = CountryProfilePage.objects.get(country__code="LV")
        assert not latvia.permissions_for_user(user).can_edit()
        assert not bsr_home().permissions_for_user(user).can_edit()
        assert not StandardPage.objects.child_of(bsr_home()).first().permissions_for_user(user).can_edit()

    def test_country_editor_is_sent_back_to_the_dashboard_editing_another_countrys_profile(self, client, editor):
        client.force_login(editor("lt"))
        latvia = CountryProfilePage.objects.get(country__code="LV")
        lithuania = CountryProfilePage.objects.get(country__code="LT")
        assert client.get(f"/admin/pages/{lithuania.pk}/edit/").status_code == 200
        # Wagtail's admin answers a refusal with the dashboard and its "no permission" message, not a 403 page.
        response = client.get(f"/admin/pages/{latvia.pk}/edit/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/"

    def test_new_profile_page_is_editable_by_its_countrys_editors_at_once(self, editor):
        from portal.tenancy.models import Country

        index = CountriesIndexPage.objects.child_of(bsr_home()).get()
        tenant = PortalSettings.objects.get(site__hostname="bsr.localhost")
        belarus = Country.objects.get(code="BY")
        tenant.member_countries.add(belarus)
        profile = index.add_child(instance=CountryProfilePage(title="Belarus", slug="by", country=belarus))
        from portal.tenancy.editors import country_editor_group

        group = country_editor_group(belarus)
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("editor-by-test")
        user.groups.add(group)
        assert profile.permissions_for_user(user).can_edit()

    def test_administrator_can_edit_everything(self, admin_user):
        for page in Page.objects.filter(depth__gte=2)[:50]:
            assert page.permissions_for_user(admin_user).can_edit()


class TestCountryProfileAdminForm:
    def form(self, parent, data=None, instance=None):
        form_class = CountryProfilePage.get_edit_handler().get_form_class()
        return form_class(data=data, instance=instance or CountryProfilePage(), parent_page=parent, for_user=None)

    def test_offers_only_the_tenants_member_countries(self):
        index = CountriesIndexPage.objects.child_of(bsr_home()).get()
        codes = {country.iso2 for country in self.form(index).fields["country"].queryset}
        assert codes == {"DK", "EE", "FI", "DE", "IS", "LV", "LT", "NO", "PL", "SE"}

    def test_refuses_a_second_profile_of_the_same_country(self):
        from portal.tenancy.models import Country

        index = CountriesIndexPage.objects.child_of(bsr_home()).get()
        form = self.form(
            index,
            data={
                "title_en": "Lithuania again",
                "country": Country.objects.get(code="LT").pk,
                "sections-TOTAL_FORMS": "0",
                "sections-INITIAL_FORMS": "0",
                "sections-MIN_NUM_FORMS": "0",
                "sections-MAX_NUM_FORMS": "1000",
            },
        )
        assert not form.is_valid()
        assert "already has a profile of Lithuania" in str(form.errors["country"])


class TestPortalSettingsValidation:
    def settings(self) -> PortalSettings:
        return PortalSettings.objects.get(site__hostname="bsr.localhost")

    def test_accent_colour_too_light_for_white_text_is_refused_with_its_contrast(self):
        from django.core.exceptions import ValidationError

        portal = self.settings()
        portal.accent_colour = "#7fb3ff"
        with pytest.raises(ValidationError) as error:
            portal.full_clean()
        assert "contrast of 2.1:1" in str(error.value.message_dict["accent_colour"])

    def test_english_must_stay_enabled_and_default_must_be_enabled(self):
        from django.core.exceptions import ValidationError

        portal = self.settings()
        portal.languages = ["de", "pl"]
        portal.default_language = "sv"
        with pytest.raises(ValidationError) as error:
            portal.full_clean()
        assert set(error.value.message_dict) >= {"languages", "default_language"}
