#!/usr/bin/env python3
"""Reads an OCI image tar (as Jib's buildTar writes it) without a container daemon.

  oci_image.py config <image.tar>            print the image config's "config" object as JSON
  oci_image.py unpack <image.tar> <rootfs>   apply the layers, in order, to a root directory
"""
import json
import sys
import tarfile


def blob(tar, digest):
    algorithm, value = digest.split(":", 1)
    return tar.extractfile(f"blobs/{algorithm}/{value}")


def manifest(tar):
    index = json.load(tar.extractfile("index.json"))
    if len(index["manifests"]) != 1:
        raise SystemExit(f"expected one image in the tar, found {len(index['manifests'])}")
    return json.load(blob(tar, index["manifests"][0]["digest"]))


def main():
    command, path = sys.argv[1], sys.argv[2]
    with tarfile.open(path) as tar:
        image = manifest(tar)
        if command == "config":
            print(json.dumps(json.load(blob(tar, image["config"]["digest"]))["config"], indent=1))
        elif command == "unpack":
            for layer in image["layers"]:
                with tarfile.open(fileobj=blob(tar, layer["digest"]), mode="r:*") as files:
                    # The image's owners and modes, as a container runtime would lay them out.
                    files.extractall(sys.argv[3], numeric_owner=True)
        else:
            raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
