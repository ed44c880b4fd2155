"""Runs commands through pywinrm (Debian python3-winrm) against a WinRM endpoint; prints JSON.

Usage: pywinrm-client.py ENDPOINT TRANSPORT   (the account in PRESEAL_TEST_USER / PRESEAL_TEST_PASSWORD)
Each case records stdout, stderr and the exit code as pywinrm returns them, or the error it raised.
"""
import json
import os
import sys

import winrm


class Session(winrm.Session):
    # pywinrm 0.3.0's _clean_error_msg compares the bytes it gets with a str (a known client bug,
    # fixed upstream in 0.4): give it the text it expects.
    def _clean_error_msg(self, msg):
        return super()._clean_error_msg(msg.decode('utf-8') if isinstance(msg, bytes) else msg)


def text(b):
    return b.decode('utf-8', 'replace') if isinstance(b, bytes) else b


def main():
    endpoint, transport = sys.argv[1], sys.argv[2]
    auth = (os.environ['PRESEAL_TEST_USER'], os.environ['PRESEAL_TEST_PASSWORD'])
    session = Session(endpoint, auth=auth, transport=transport, server_cert_validation='ignore',
                      read_timeout_sec=120, operation_timeout_sec=100)
    results = {}

    def case(name, run):
        try:
            r = run()
            results[name] = {'out': text(r.std_out), 'err': text(r.std_err), 'code': r.status_code}
        except Exception as e:  # the test reports what pywinrm raised
            results[name] = {'error': '%s: %s' % (type(e).__name__, e)}

    case('cmd', lambda: session.run_cmd('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command',
                                                            '"Write-Output (\'hello \' + (6*7)); exit 3"']))
    case('ps', lambda: session.run_ps('Write-Output "out: $(1+1)"; Write-Error "bad thing"; exit 0'))
    case('unicode', lambda: session.run_ps('[Console]::OutputEncoding = [Text.Encoding]::UTF8; Write-Output ("caf" + [char]0xE9 + " " * 3 + "x" * 300000)'))
    print(json.dumps(results))


main()
