"""The staff pages exist in English and Korean, and every message has its Korean words."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from clinic.i18n import TRANSLATIONS_DIR
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent
KO_PO = Path(TRANSLATIONS_DIR, "ko", "LC_MESSAGES", "messages.po")


def _source_messages() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords={
            "_": None,
            "_l": None,
            "N_": None,
            "gettext": None,
            "lazy_gettext": None,
            "ngettext": (1, 2),
        },
    )
    messages: set[str] = set()
    for _file, _line, message, _comments, _context in found:
        # A plural message (ngettext) is catalogued under its singular words.
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def _translated(string: str | tuple[str, ...] | list[str]) -> bool:
    return bool(string) if isinstance(string, str) else all(string)


def _plain(value: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)


def test_every_message_in_the_pages_and_code_has_its_korean_words() -> None:
    with open(KO_PO, "rb") as po:
        catalogue = read_po(po)
    untranslated = sorted(
        m
        for m in _source_messages()
        if not (m in catalogue and _translated(catalogue[m].string) and not catalogue[m].fuzzy)
    )
    assert untranslated == [], "run the commands in docs/translations.md and translate these"


def test_the_compiled_catalogue_matches_its_source() -> None:
    with open(KO_PO, "rb") as po, open(KO_PO.with_suffix(".mo"), "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    assert {_plain(m.id): _plain(m.string) for m in source if m.id and not m.fuzzy} == {
        _plain(m.id): _plain(m.string) for m in compiled if m.id
    }, "recompile: pybabel compile -d clinic/translations"


def test_the_sign_in_page_answers_in_the_browsers_language(client: FlaskClient) -> None:
    korean = client.get("/login", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})
    assert '<html lang="ko">' in korean.text
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in english.text
    neither = client.get("/login", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in neither.text


def test_a_staff_members_own_language_wins_over_the_browsers(
    client: FlaskClient, make_staff, session
) -> None:  # type: ignore[no-untyped-def]
    staff = make_staff("receptionist")
    staff.language = "ko"
    session.commit()
    login(client, staff)
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert '<html lang="ko">' in page
    assert "로그아웃" in page and "Sign out" not in page
