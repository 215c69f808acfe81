"""Dates of the graph (xsd:date, xsd:gYearMonth, xsd:gYear) in words, as precise as they are written."""

from __future__ import annotations

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def date_text(date: str, lang: str = "fr") -> str:
    """`2019-03-21` -> « 21 mars 2019 », `2017-09` -> « septembre 2017 », `2024` -> « 2024 »; else as given."""
    parts = date.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return date
    if len(parts) == 1 or not 1 <= int(parts[1]) <= 12:
        return parts[0]
    month = MONTHS.get(lang, MONTHS["fr"])[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{day}{'er' if day == 1 and lang == 'fr' else ''} {month} {parts[0]}" if lang == "fr" \
        else f"{month} {day}, {parts[0]}"


__all__ = ["MONTHS", "date_text"]
