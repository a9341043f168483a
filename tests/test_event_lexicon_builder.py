"""training/build_event_lexicon.py on a made-up CAMEO.2.0-style dictionary: verb-object patterns, synonym sets,
particles, the PLOVER mapping and the cleaning rules (no shared data needed)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import build_event_lexicon as bel

DICTIONARY = """####### SYNONYM SETS #######
&WEAPON
+GUN
+RIFLES
+KNIFE_

####### VERB PATTERNS #######
---  LAY   [---]  ---
LAY {LAYING LAID}
- * DOWN &WEAPON                                      [0871]        # LAID_DOWN

---  GRANT   [060]  ---
GIVE {GAVE GIVEN}
PROVIDE
- * WARNING                                           [130]         # GIVE
- * ASSISTANCE                                        [0332]        # intent code under a giving block
- * CONDOLENCES                                       [018]         # a statement: no PLOVER event
- UNION * STRIKE                                      [143]         # subject constraint: left out
- * STATE (OF EMERGENCY)                              [0814]        # prepositional phrase: left out

---  PLEDGE   [030]  ---
PLEDGE
- * ASSISTANCE                                        [0332]        # intent code under an intent block

######## TRANSFORMATIONS ##########
"""

MAPPING = """cameo_code\tcameo_name\tgoldstein\tpenta_class\tplover_event\tplover_mode_2021draft\t\
plover_context_2021draft
0871\tDeclare truce\t9\tmaterial cooperation\tRETREAT\tceasefire\tmilitary
130\tThreaten\t-4\tverbal conflict\tTHREATEN\t\t
0332\tExpress intent to provide aid\t5\tverbal cooperation\tAGREE\tbogus-mode\t
018\tMake empathetic comment\t3\tstatement\t\t\t
"""


def test_patterns_from_a_toy_dictionary(tmp_path: Path) -> None:
    (tmp_path / "phoenix_dictionaries").mkdir()
    (tmp_path / "plover").mkdir()
    (tmp_path / "phoenix_dictionaries" / "CAMEO.2.0.txt").write_text(DICTIONARY, encoding="utf-8")
    (tmp_path / "plover" / "cameo_plover_map.tsv").write_text(MAPPING, encoding="utf-8")
    modes = {"RETREAT": {"ceasefire"}, "THREATEN": set(), "AGREE": set()}
    rows = {(r[0], r[4]): r for r in bel.build_patterns(tmp_path, modes)}
    assert set(rows) == {("LAY", "0871"), ("GRANT", "130"), ("PLEDGE", "0332")}
    # a synonym set behind a particle, plural forms singularised, the trailing "_" of a stem dropped
    assert rows[("LAY", "0871")] == ("LAY", "lay", "RETREAT", "ceasefire", "0871", "gun|knife|rifle|rifles")
    assert rows[("GRANT", "130")][1:4] == ("give|provide", "THREATEN", "")
    # an intent code stays only under an intent block; a mode the type lacks is cleared
    assert rows[("PLEDGE", "0332")][2:] == ("AGREE", "", "0332", "assistance")


def test_lemma_forms() -> None:
    assert bel.lemma_forms("SANCTIONS") == {"sanctions", "sanction"}
    assert bel.lemma_forms("HOUSES") == {"houses", "house"}
    assert bel.lemma_forms("CHURCHES") == {"churches", "church"}
    assert bel.lemma_forms("MILITIES") == {"milities", "mility"}
    assert bel.lemma_forms("CRISIS") == {"crisis"}
