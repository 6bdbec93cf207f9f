import pytest
from django.core.exceptions import ValidationError

from partners.enterprise_number import (
    format_enterprise_number,
    normalise_enterprise_number,
)
from partners.factories import OrganisationFactory


@pytest.mark.parametrize(
    "raw", ["0123.456.749", "BE0123456749", "123456749", "be 0123 456 749", "0123456749"]
)
def test_accepted_forms_normalise_to_ten_digits(raw):
    assert normalise_enterprise_number(raw) == "0123456749"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0123.456.748", "enterprise_number_checksum"),
        ("0123.456.7", "enterprise_number_format"),
        ("ABC", "enterprise_number_format"),
        ("2123.456.749", "enterprise_number_format"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as excinfo:
        normalise_enterprise_number(raw)
    assert excinfo.value.code == code


def test_display_format():
    assert format_enterprise_number("0123456749") == "0123.456.749"


@pytest.mark.django_db
def test_organisation_stores_the_normalised_number():
    organisation = OrganisationFactory(enterprise_number="BE 0123.456.749")
    organisation.full_clean()
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.enterprise_number == "0123456749"
    assert organisation.enterprise_number_display == "0123.456.749"
