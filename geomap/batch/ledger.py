"""A run's record of progress: the two append-only files, their counters and the checkpoint.

``checkpoint.json`` (replaced atomically after an fsync of analyses.jsonl and errors.jsonl) records
how many input items are fully written and the byte size of each file at that point. Resuming cuts
both files back to those sizes (dropping anything written after the checkpoint, including a line
torn by ``kill -9``) and skips that many input items, so no document is lost or written twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._atomic import atomic_open
from ..errors import InputError, OutputError
from .common import (
    ANALYSES,
    CHECKPOINT,
    ERRORS,
    FORMAT_VERSION,
    RUN_FILES,
    InputItem,
    ItemResult,
    error_record,
)
from .input import head_sha1


def write_json_atomic(path: Path, obj: dict) -> None:
    """Replace a small JSON file (checkpoint, summary) atomically; invalid Unicode is escaped."""
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = json.dumps(obj, ensure_ascii=True, indent=1).encode("ascii")
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def json_line(obj: dict) -> bytes:
    """One JSON line in UTF-8; text that is not valid Unicode (lone surrogates) is escaped."""
    text = json.dumps(obj, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True).encode("ascii") + b"\n"


def read_checkpoint(outdir: Path) -> dict | None:
    p = outdir / CHECKPOINT
    if not p.exists():
        return None
    try:
        ck = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise OutputError(f"{p}: unreadable checkpoint ({err}); start again with --overwrite") from err
    if not isinstance(ck, dict) or ck.get("format") != FORMAT_VERSION:
        raise OutputError(f"{p}: not a geomap batch checkpoint (format {FORMAT_VERSION})")
    return ck


def iter_ids(path: str | os.PathLike) -> Iterator[str]:
    """The ``id`` of every line of an analyses.jsonl, read without decoding whole lines."""
    dec = json.JSONDecoder()
    prefix = '{"id": '
    with open(path, encoding="utf-8") as fh:
        for ln in fh:
            if ln.startswith(prefix):
                try:
                    yield dec.raw_decode(ln, len(prefix))[0]
                    continue
                except ValueError:
                    pass
            try:
                rec = json.loads(ln) if ln.strip() else None
            except ValueError:  # a damaged line (the checkpoint cut off torn ones): not an id
                continue
            if isinstance(rec, dict) and "id" in rec:
                yield rec["id"]


def _check_same_run(outdir: Path, ck: dict, fingerprint: dict, options: dict) -> None:
    """Resuming is safe only over the same input (same beginning, not shorter) with the same options."""
    if ck["input"].get("input") != fingerprint.get("input"):
        raise InputError(f"{outdir} holds a run over {ck['input'].get('input')}, not {fingerprint.get('input')}; "
                         "use another output folder")
    if "size" in ck["input"] and fingerprint.get("size", 0) < ck["input"]["size"]:
        raise InputError(f"{fingerprint['input']} is smaller than when the run started; cannot resume")
    was = ck["input"]
    if "head_sha1" in was and head_sha1(Path(fingerprint["input"]), was["head_len"]) != was["head_sha1"]:
        raise InputError(f"{fingerprint['input']} is not the file the run started on (its beginning changed); "
                         "cannot resume")
    if ck.get("options") != options:
        raise InputError(f"options differ from the interrupted run ({ck.get('options')} then, {options} now); "
                         "resume with the same options")


def make_outdir(outdir: Path) -> None:
    """Create OUTDIR (and its parents) or check that it is a writable folder."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create output folder {outdir}: {err.strerror or err}") from err
    if not os.access(outdir, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {outdir} is not writable")


def remove_unfinished(outdir: Path) -> int:
    """Remove the temporary ``.part`` files an interrupted run left in OUTDIR; returns how many."""
    prefixes = tuple(f".{name}." for name in (*RUN_FILES, CHECKPOINT))
    removed = 0
    for p in outdir.iterdir():
        if p.name.startswith(prefixes) and ".part" in p.name and p.is_file():
            try:
                p.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def prepare_outdir(outdir: Path, *, resume: bool, overwrite: bool, fingerprint: dict,
                   options: dict) -> dict | None:
    """Check an existing OUTDIR (held with :class:`~.lock.OutdirLock`); returns the checkpoint to
    resume from (None: fresh run)."""
    ck = read_checkpoint(outdir)
    earlier = ck is not None or ((outdir / ANALYSES).exists() and (outdir / ANALYSES).stat().st_size > 0)
    if overwrite:
        for name in RUN_FILES:
            (outdir / name).unlink(missing_ok=True)
        return None
    if not earlier:
        return None
    if not resume:
        done = f" ({ck['analysed']} documents)" if ck else ""
        raise OutputError(f"{outdir} already holds a batch run{done}; pass --resume to continue it "
                          "or --overwrite to replace it")
    if ck is None:
        raise OutputError(f"{outdir} holds {ANALYSES} but no {CHECKPOINT}; cannot resume safely "
                          "(start again with --overwrite or use a new folder)")
    _check_same_run(outdir, ck, fingerprint, options)
    for name, key in ((ANALYSES, "analyses_bytes"), (ERRORS, "errors_bytes")):
        p = outdir / name
        size = p.stat().st_size if p.exists() else 0
        if size < ck[key]:
            raise OutputError(f"{p} is shorter than its checkpoint ({size} < {ck[key]} bytes); cannot resume")
        if size > ck[key]:
            os.truncate(p, ck[key])  # drop what was written after the checkpoint (torn line included)
    return ck


class Ledger:
    """The run's two append-only files, its counters and its checkpoint.

    Counters change only after a result is fully written, in one ``dict.update`` call, so a
    checkpoint (even one taken on Ctrl-C) never counts a half-written result. After any failed
    write the ledger is *broken*: no further checkpoint is taken, the last good one stands.
    """

    def __init__(self, out: Path, *, name: str, fingerprint: dict, options: dict, ck: dict | None) -> None:
        self.out, self.name, self.fingerprint, self.options = out, name, fingerprint, options
        self.state = {"next_seq": 0, "analyses_bytes": 0, "errors_bytes": 0, "analysed": 0, "errors": 0,
                      "warnings": 0}
        if ck is not None:
            self.state.update({k: int(ck[k]) for k in self.state})
        self.last_item: str | None = ck.get("last_item") if ck else None  # folder input: last file done
        self.saved_seq = self.state["next_seq"]
        self.seen: set[str] = set(iter_ids(out / ANALYSES)) if ck is not None and (out / ANALYSES).exists() \
            else set()
        self.broken = False
        try:
            self.fa = open(out / ANALYSES, "ab")
            self.fe = open(out / ERRORS, "ab")
        except OSError as err:
            raise OutputError(f"cannot write in {out}: {err.strerror or err}") from err

    def _failed(self, err: BaseException) -> OutputError:
        self.broken = True
        why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return OutputError(f"cannot write in {self.out}: {why}; the first {self.saved_seq} input items are "
                           "safely recorded: make room and rerun with --resume")

    def record(self, result: ItemResult) -> list[dict]:
        """Append one input item's analysis and problems; returns the problems written."""
        seq, path, doc_id = result.seq, result.path, result.doc_id
        line, errs = result.analysis_json, result.problems
        if line is not None and doc_id in self.seen:
            where = f"{self.name}:{result.line}" if result.line is not None else path
            item = InputItem(seq, result.line, path, None)
            errs = [*errs, error_record(item, doc_id, "error",
                                        f"{where}: duplicate id {doc_id!r} (already analysed); document skipped")]
            line = None
        try:
            nb_a = nb_e = 0
            if line is not None:
                data = line.encode("utf-8") + b"\n"
                self.fa.write(data)
                nb_a = len(data)
            for e in errs:
                data = json_line(e)
                self.fe.write(data)
                nb_e += len(data)
        except OSError as err:
            raise self._failed(err) from err
        n_err = sum(e["level"] == "error" for e in errs)
        st = self.state
        st.update(analyses_bytes=st["analyses_bytes"] + nb_a, errors_bytes=st["errors_bytes"] + nb_e,
                  next_seq=seq + 1, analysed=st["analysed"] + (line is not None), errors=st["errors"] + n_err,
                  warnings=st["warnings"] + len(errs) - n_err)
        if path is not None:
            self.last_item = os.path.abspath(path)
        if line is not None:
            self.seen.add(doc_id)  # type: ignore[arg-type]
        return errs

    def checkpoint(self, status: str = "running") -> None:
        """fsync both files, then atomically record how far they are complete."""
        if self.broken:
            return
        state: dict[str, Any] = dict(self.state)
        state["last_item"] = self.last_item
        try:
            for fh in (self.fa, self.fe):
                fh.flush()
                os.fsync(fh.fileno())
            write_json_atomic(self.out / CHECKPOINT, {"format": FORMAT_VERSION, "status": status,
                                                       "input": self.fingerprint, "options": self.options,
                                                       **state})
        except (OSError, OutputError) as err:
            raise self._failed(err) from err
        self.saved_seq = state["next_seq"]

    def close(self, status: str | None) -> None:
        """Take a last checkpoint (unless ``status`` is None or a write failed) and close the files."""
        try:
            if status is not None:
                self.checkpoint(status)
        finally:
            for fh in (self.fa, self.fe):
                try:
                    fh.close()
                except OSError:
                    pass
