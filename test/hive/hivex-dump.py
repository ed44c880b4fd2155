"""Walk a registry hive with hivex (the oracle) and print one JSON line per key, depth first,
subkeys and values in the order hivex returns them: path (names from the root, joined by \\),
and each value as [name, type, hex of the raw data]. A value or key hivex cannot read is
printed with an "error" field instead of failing the walk.

Usage: /usr/bin/python3 hivex-dump.py HIVE  (needs Debian's python3-hivex)
"""
import json
import sys

import hivex


def main(path):
    h = hivex.Hivex(path)
    out = sys.stdout
    stack = [(h.root(), [])]
    while stack:
        node, names = stack.pop()
        line = {"path": "\\".join(names)}
        try:
            values = []
            for v in h.node_values(node):
                name = h.value_key(v)
                try:
                    t, data = h.value_value(v)
                    values.append([name, t, data.hex()])
                except Exception as e:  # noqa: BLE001 - recorded, compared with preseal's error
                    values.append([name, None, None, str(e)])
            line["values"] = values
            children = h.node_children(node)
        except Exception as e:  # noqa: BLE001
            line["error"] = str(e)
            children = []
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        kids = [(c, names + [h.node_name(c)]) for c in children]
        stack.extend(reversed(kids))


if __name__ == "__main__":
    main(sys.argv[1])
