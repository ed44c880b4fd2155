"""Build a registry hive with exactly known contents, written by hivex (python3-hivex), never by
hand-editing bytes. hivex can only edit an existing hive, so the start is a real empty-ish hive:
the BCD store from fixtures/windows-hives (regipy test data, MIT) with every subkey of its root
deleted. What is added is described by a JSON spec:

  {"keys": [{"path": ["A", "B"], "values": [{"name": "x", "type": 4, "hex": "01000000"}]}]}

Keys are created in order (parents first, created when missing); values are set per key.
With "clear": false in the spec, BASE_HIVE is edited as it is (its keys are kept).
Usage: /usr/bin/python3 build-test-hive.py BASE_HIVE SPEC.json OUT_HIVE
"""
import json
import sys

import hivex


def main(base, spec_path, out):
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    h = hivex.Hivex(base, write=True)
    root = h.root()
    if spec.get("clear", True):
        for child in h.node_children(root):
            h.node_delete_child(child)
        h.node_set_values(root, [])
    for key in spec["keys"]:
        node = root
        for name in key["path"]:
            found = h.node_get_child(node, name)
            node = found if found else h.node_add_child(node, name)
        values = [
            {"key": v["name"], "t": v["type"], "value": bytes.fromhex(v["hex"])}
            for v in key.get("values", [])
        ]
        if values:
            h.node_set_values(node, values)
    h.commit(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
