import sys, json, pefile
out = []
for path in sys.argv[1:]:
    r = {"path": path}
    try:
        pe = pefile.PE(path, fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY['IMAGE_DIRECTORY_ENTRY_RESOURCE']])
        r["machine"] = pe.FILE_HEADER.Machine
        if hasattr(pe, 'VS_FIXEDFILEINFO') and pe.VS_FIXEDFILEINFO:
            f = pe.VS_FIXEDFILEINFO[0]
            r["fixed"] = [f.FileVersionMS >> 16, f.FileVersionMS & 0xffff, f.FileVersionLS >> 16, f.FileVersionLS & 0xffff]
        else:
            r["fixed"] = None
        tables = {}
        for fi in getattr(pe, 'FileInfo', []) or []:
            for entry in fi:
                if getattr(entry, 'Key', b'') == b'StringFileInfo':
                    for st in entry.StringTable:
                        tables[st.LangID.decode('ascii', 'replace').upper()] = {k.decode('utf-8','replace'): v.decode('utf-8','replace') for k, v in st.entries.items()}
        r["tables"] = tables
    except Exception as e:
        r["error"] = str(e)
    out.append(r)
print(json.dumps(out))
