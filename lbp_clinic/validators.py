"""Validators shared by forms and models."""

from django.core.exceptions import ValidationError


def npi_is_valid(npi: str) -> bool:
    """Check an NPI's Luhn check digit (with the 80840 health-industry prefix)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_npi(value: str) -> None:
    if value and not npi_is_valid(value):
        raise ValidationError("Enter a valid 10-digit NPI (the last digit is a check digit).")
