"""Change feeds and the changes page: what changed, public information only, valid Atom."""
import feedparser
import pytest
from django.utils import translation
from wagtail.log_actions import log

from directory.models import Visibility
from directory.services import contact_archive, contact_verify
from portal.models import CountryProfilePage
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_a_new_public_contact_is_the_newest_entry_of_its_tenants_feed(get):
    contact = ContactFactory(position_title="Feed test anti-trafficking prosecutor")
    log(instance=contact, action="wagtail.create")

    feed = parsed(get("bsr", "/en/changes/feed.atom"))

    assert feed.version == "atom10"
    assert feed.entries[0].title == f"Contact added: Feed test anti-trafficking prosecutor · {contact.organisation.name}"
    assert feed.entries[0].link == f"http://bsr.localhost/en/directory/{contact.pk}/"


def test_practitioners_only_contacts_never_appear_in_feeds_or_on_the_changes_page(get):
    restricted = ContactFactory(position_title="Feed test confidential liaison", visibility=Visibility.PRACTITIONERS)
    log(instance=restricted, action="wagtail.create")
    contact_verify(contact=restricted, user=None)

    for path in ("/en/changes/feed.atom", "/en/changes/lt/feed.atom"):
        assert "Feed test confidential liaison" not in get("bsr", path).content.decode()
    assert "Feed test confidential liaison" not in get("bsr", "/en/changes/?country=LT").content.decode()


def test_verifying_and_archiving_are_listed_with_what_happened(get, admin_user):
    contact = ContactFactory(position_title="Feed test border guard")
    contact_verify(contact=contact, user=admin_user)
    contact_archive(contact=contact, user=admin_user)

    feed = parsed(get("bsr", "/en/changes/lt/feed.atom"))

    ours = [entry for entry in feed.entries if "Feed test border guard" in entry.title]
    assert [entry.title.split(":")[0] for entry in ours] == ["Contact archived", "Contact re-verified"]
    # An archived contact has no page any more: the entry leads to its country's directory.
    assert ours[0].link == "http://bsr.localhost/en/directory/?country=LT"


def test_a_country_feed_holds_only_that_countrys_changes(get):
    lithuanian = ContactFactory(position_title="Feed test Vilnius coordinator")
    latvian = ContactFactory(position_title="Feed test Riga coordinator", country=country("LV"))
    for contact in (lithuanian, latvian):
        log(instance=contact, action="wagtail.create")

    lt = "\n".join(titles(parsed(get("bsr", "/en/changes/lt/feed.atom"))))
    lv = "\n".join(titles(parsed(get("bsr", "/en/changes/lv/feed.atom"))))

    assert "Feed test Vilnius coordinator" in lt and "Feed test Riga coordinator" not in lt
    assert "Feed test Riga coordinator" in lv and "Feed test Vilnius coordinator" not in lv


def test_another_tenants_countries_are_not_in_its_feed(get):
    # Albania is a member of the south-east European demo tenant only.
    albanian = ContactFactory(position_title="Feed test Tirana coordinator", country=country("AL"))
    log(instance=albanian, action="wagtail.create")

    assert "Feed test Tirana coordinator" not in get("bsr", "/en/changes/feed.atom").content.decode()
    assert "Feed test Tirana coordinator" in get("see", "/en/changes/feed.atom").content.decode()
    assert get("bsr", "/en/changes/al/feed.atom").status_code == 400


def test_publishing_a_country_profile_is_in_the_country_feed(get, admin_user):
    profile = CountryProfilePage.objects.get(slug="lt", country__code="LT", path__startswith=_root_path("bsr"))
    profile.save_revision(user=admin_user).publish(user=admin_user)

    feed = parsed(get("bsr", "/en/changes/lt/feed.atom"))

    assert feed.entries[0].title == f"Country profile updated: {profile.title}"
    assert feed.entries[0].link == "http://bsr.localhost/en/countries/lt/"


def test_the_feed_reads_in_the_language_of_its_address(get):
    contact = ContactFactory(position_title="Feed test prosecutor", position_title_de="Teststaatsanwalt des Feeds")
    log(instance=contact, action="wagtail.create")

    with translation.override("de"):
        expected_label = str(translation.gettext("Contact added"))
    feed = parsed(get("bsr", "/de/changes/feed.atom"))

    assert feed.entries[0].title.startswith(f"{expected_label}: Teststaatsanwalt des Feeds")
    assert feed.entries[0].link.startswith("http://bsr.localhost/de/directory/")


def test_pages_link_their_feeds_for_feed_readers(get):
    home = get("bsr", "/en/").content.decode()
    profile = get("bsr", "/en/countries/lt/").content.decode()

    assert '<link rel="alternate" type="application/atom+xml" href="/en/changes/feed.atom"' in home
    assert '<link rel="alternate" type="application/atom+xml" href="/en/changes/lt/feed.atom"' in profile


def test_the_changes_page_lists_changes_and_refuses_unknown_countries(get):
    contact = ContactFactory(position_title="Feed test labour inspector")
    log(instance=contact, action="wagtail.create")

    page = get("bsr", "/en/changes/?country=LT")
    assert page.status_code == 200
    assert "Feed test labour inspector" in page.content.decode()
    assert "public" in page["Cache-Control"]  # anonymous visitors share one cached copy

    refused = get("bsr", "/en/changes/?country=XX")
    assert refused.status_code == 400
    assert "Unknown country" in refused.content.decode()


def test_the_feed_costs_the_same_number_of_queries_whatever_the_number_of_changes(get, django_assert_max_num_queries):
    for index in range(30):
        log(instance=ContactFactory(position_title=f"Feed test officer {index}"), action="wagtail.create")

    with django_assert_max_num_queries(25):
        assert get("bsr", "/en/changes/feed.atom").status_code == 200


def _root_path(tenant):
    from wagtail.models import Site

    return Site.objects.get(hostname=f"{tenant}.localhost").root_page.path
