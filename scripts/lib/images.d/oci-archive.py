#!/usr/bin/env python3
"""Writes an OCI image archive (a tar of an OCI image layout) from uncompressed layer tars.

    oci-archive.py --out FILE --ref localhost/debian:bookworm --config JSON LAYER.tar...

--config is the image config's "config" object (Entrypoint, Cmd, Env, User, WorkingDir...).
The index entry carries io.containerd.image.name (the full ref) and
org.opencontainers.image.ref.name (the tag) so that 'ctr images import' names the image.
The archive is written next to FILE and renamed into place; the manifest digest goes to stdout.
Python 3 standard library only; the same inputs give the same bytes.
"""
import argparse
import hashlib
import io
import json
import os
import sys
import tarfile

LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar"
CONFIG_TYPE = "application/vnd.oci.image.config.v1+json"
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
CREATED = "1970-01-01T00:00:00Z"


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest(), os.path.getsize(path)


def blob(data):
    return "sha256:" + hashlib.sha256(data).hexdigest(), data


def member(name, size):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, 0, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def dumps(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def split_ref(ref):
    tail = ref.rsplit("/", 1)[-1]
    if ":" not in tail:
        raise SystemExit(f"oci-archive: ref {ref!r} has no tag; give one like localhost/name:tag")
    return ref.rsplit(":", 1)[1]


def build(out, ref, config, layers):
    tag = split_ref(ref)
    layer_descs = [(path,) + file_digest(path) for path in layers]
    image_config = {
        "architecture": "amd64", "os": "linux", "created": CREATED, "config": config,
        "rootfs": {"type": "layers", "diff_ids": [d for _, d, _ in layer_descs]},
        "history": [{"created": CREATED, "created_by": f"arca scripts/lib/images, layer {i + 1}"}
                    for i in range(len(layer_descs))],
    }
    config_digest, config_bytes = blob(dumps(image_config))
    manifest = {
        "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, "digest": config_digest, "size": len(config_bytes)},
        "layers": [{"mediaType": LAYER_TYPE, "digest": d, "size": s} for _, d, s in layer_descs],
    }
    manifest_digest, manifest_bytes = blob(dumps(manifest))
    index = {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": MANIFEST_TYPE, "digest": manifest_digest, "size": len(manifest_bytes),
            "platform": {"architecture": "amd64", "os": "linux"},
            "annotations": {"io.containerd.image.name": ref,
                            "org.opencontainers.image.ref.name": tag},
        }],
    }
    small = {
        "oci-layout": dumps({"imageLayoutVersion": "1.0.0"}),
        "index.json": dumps(index),
        "blobs/sha256/" + config_digest[7:]: config_bytes,
        "blobs/sha256/" + manifest_digest[7:]: manifest_bytes,
    }
    tmp = f"{out}.tmp.{os.getpid()}"
    try:
        with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
            for name in ("blobs", "blobs/sha256"):
                info = member(name, 0)
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            for name, data in sorted(small.items()):
                tar.addfile(member(name, len(data)), io.BytesIO(data))
            written = set()
            for path, digest, size in layer_descs:
                if digest in written:
                    continue
                written.add(digest)
                with open(path, "rb") as f:
                    tar.addfile(member("blobs/sha256/" + digest[7:], size), f)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return manifest_digest


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--ref", required=True)
    p.add_argument("--config", required=True, help="JSON object: the image config's 'config'")
    p.add_argument("layers", nargs="+")
    a = p.parse_args()
    for path in a.layers:
        if not os.path.isfile(path):
            sys.exit(f"oci-archive: layer {path} does not exist; build it before writing {a.out}")
    print(build(a.out, a.ref, json.loads(a.config), a.layers))


if __name__ == "__main__":
    main()
