"""Factories for test data (factory_boy). Every value is fictional."""
import datetime

import factory
import phonenumbers
from django.contrib.auth import get_user_model

from directory.models import SOP, ActorRole, Contact, ContactPhone, Language, Organisation, Visibility
from portal.tenancy.models import Country


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def fictional_number(region: str, index: int = 0) -> str:
    """A number valid in form for the region (libphonenumber's example number, last digits varied)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE) or \
        phonenumbers.example_number(region)
    national = str(example.national_number)
    for step in range(100):
        candidate = national[:-2] + f"{(int(national[-2:]) + index + step) % 100:02d}"
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


def practitioner(**fields):
    """A user in the Practitioners group: sees practitioners-only contacts."""
    from django.contrib.auth.models import Group

    from directory.permissions import PRACTITIONERS_GROUP

    user = UserFactory(**fields)
    user.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example Organisation {n}")
    name_en = factory.SelfAttribute("name")
    country = factory.LazyFunction(lambda: country("LT"))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    country = factory.LazyFunction(lambda: country("LT"))
    organisation = factory.SubFactory(OrganisationFactory, country=factory.SelfAttribute("..country"))
    role = factory.LazyFunction(lambda: ActorRole.objects.get(slug="prosecutor"))
    position_title = factory.Sequence(lambda n: f"Test duty prosecutor {n}")
    position_title_en = factory.SelfAttribute("position_title")
    email = factory.Sequence(lambda n: f"contact-{n}@example.org")
    visibility = Visibility.PUBLIC
    last_verified_on = factory.LazyFunction(lambda: datetime.date.today())

    @factory.post_generation
    def sops(self, create, numbers, **kwargs):
        if create:
            self.sops.set(SOP.objects.filter(number__in=numbers or [1]))

    @factory.post_generation
    def languages(self, create, codes, **kwargs):
        if create:
            self.languages.set(Language.objects.filter(code__in=codes or ["en"]))

    @factory.post_generation
    def phones(self, create, count, **kwargs):
        if create:
            for index in range(1 if count is None else count):
                ContactPhone.objects.create(contact=self, number=fictional_number(self.country.iso2, index), is_24_7=index == 0)
            # ParentalManyToMany values are written on save (modelcluster).
            self.save()
