"""``manage.py extract``: JSON and table output, exact offsets, clear errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "syria-shaaban-russian-withdrawal.txt"


def run(*args) -> str:
    out = io.StringIO()
    call_command("extract", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_output_has_fields_and_exact_offsets(tmp_path):
    raw = SEED.read_bytes().replace(b"\n", b"\r\n")  # CRLF must not be translated
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    data = json.loads(run(path, "--published", "2016-03-15", "--outlet", "Press TV", "--format", "json"))
    text = raw.decode("utf-8")
    assert len(data) >= 10
    for c in data:
        for key in ("text", "sentence", "start", "end", "kind", "speaker", "quantities", "dates", "score", "reasons"):
            assert key in c
        assert text[c["sentence_start"]:c["sentence_end"]] == c["sentence"]
        assert c["start"] >= c["sentence_start"] and c["end"] <= c["sentence_end"]
    stat = [c for c in data if any(q["value"] == 470000 for q in c["quantities"])]
    assert stat and stat[0]["speaker"] == "Syrian Center for Policy Research"


def test_default_format_is_json_and_table_is_readable():
    assert isinstance(json.loads(run(SEED)), list)
    table = run(SEED, "--format", "table", "--published", "2016-03-15")
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["#", "span", "kind", "score"]
    assert any("470,000" in line for line in lines)


def test_bom_is_kept_so_offsets_match(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    data = json.loads(run(path))
    text = "\ufeff" + SEED.read_text(encoding="utf-8")
    assert all(text[c["sentence_start"]:c["sentence_end"]] == c["sentence"] for c in data)


@pytest.mark.parametrize(
    "content,message",
    [(b"caf\xe9", "not valid UTF-8"), (b"\x00\x01\x02binary", "binary")],
)
def test_bad_files_raise_command_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)


def test_missing_file_and_bad_date(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.txt")
    with pytest.raises(CommandError, match="is a directory"):
        run(tmp_path)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(SEED, "--published", "15/03/2016")


def test_empty_file_prints_empty_list(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert json.loads(run(path)) == []


def test_html_file_is_reduced_to_its_text_and_says_so(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><script>var x = 'Officials said 500 people died';</script></head><body>"
                    "<p>The storm killed 12 people on Monday, police said.</p>"
                    "<p>Mayor Ann Cole said repairs would cost $4 million.</p></body></html>", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("extract", str(path), "--published", "2024-11-06", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert [c["speaker"] for c in data] == ["police", "Ann Cole"]
    assert not any("<" in c["text"] or "500" in c["text"] for c in data)
    assert "HTML reduced to its text" in err.getvalue()


def test_non_english_text_says_why_there_are_no_claims(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("Die Arbeitslosigkeit in Deutschland stieg im Oktober auf 6,1 Prozent, teilte die Bundesagentur "
                    "für Arbeit am Mittwoch mit. Der Kanzler sagte, die Regierung werde 2 Milliarden Euro "
                    "investieren.\n", encoding="utf-8")
    assert "'de', not English" in run(path, "--format", "table")
    err = io.StringIO()
    call_command("extract", str(path), stdout=io.StringIO(), stderr=err)
    assert "'de', not English" in err.getvalue()
