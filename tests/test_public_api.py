from __future__ import annotations

import types

import backchannel


def test_all_is_exactly_the_public_api() -> None:
    public = {name for name, value in vars(backchannel).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)} - {"annotations"}
    assert set(backchannel.__all__) - {"__version__"} == public


def test_error_tree_and_codes() -> None:
    for cls in (backchannel.IngestError, backchannel.ModelError, backchannel.ExtractionError,
                backchannel.StoreError, backchannel.DataFileError, backchannel.ExportError):
        assert issubclass(cls, backchannel.BackchannelError)
    err = backchannel.IngestError("the file is empty", source="a.txt", code="E101")
    assert str(err) == "[E101] a.txt: the file is empty"
    assert err.to_dict()["stage"] == "ingest"
