#!/usr/bin/env python3
"""Checks the generated documentation against what it documents (meson suite "docs").

  docs-test.py man PAGE [--options-of PROGRAM] [--keys-of CONF] [--commands-of OPENTOKCTL]
      PAGE renders with man(1) without a warning and has a NAME that lexgrog reads; it
      mentions every option of PROGRAM --help, every key of the shipped CONF, or every
      command and exit status of opentokctl --help.
  docs-test.py dbus HTML XML...
      the reference has a section for every interface and member of the XML files.

Exit 0 pass, 1 fail.
"""

import os
import re
import shutil
import subprocess
import sys
from xml.dom import minidom

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def run(*args):
    env = dict(os.environ, LC_ALL='C.UTF-8', MANWIDTH='80')
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)


def plain(roff):
    """The text of a roff page without font changes and escapes, for searching."""
    text = re.sub(r'\\f[BIRP]', '', roff)
    for escape, char in ((r'\-', '-'), (r'\(aq', "'"), (r'\(ga', '`'), (r'\(ti', '~'),
                         (r'\(ha', '^'), (r'\(dq', '"'), (r'\&', ''), (r'\e', '\\')):
        text = text.replace(escape, char)
    return text


def section(roff, title):
    m = re.search(r'^\.SH "' + re.escape(title) + r'"\n(.*?)(?=^\.SH |\Z)', roff, re.M | re.S)
    return m.group(1) if m else None


def check_render(page):
    if shutil.which('man') is None:
        print('man not found (Debian package man-db): rendering not checked')
        return
    proc = run('man', '--warnings', '-E', 'UTF-8', '-l', page)
    if proc.returncode != 0 or proc.stderr.strip():
        fail(f'man -l {page}: exit {proc.returncode}: {proc.stderr.strip()}')
    if not proc.stdout.strip():
        fail(f'man -l {page} shows nothing')
    if shutil.which('lexgrog'):
        proc = run('lexgrog', page)
        if proc.returncode != 0:
            fail(f'lexgrog {page} reads no NAME: {proc.stdout.strip()} {proc.stderr.strip()}')


def check_options(text, program):
    """Every --option of PROGRAM --help is in the page."""
    proc = run(program, '--help')
    options = set(re.findall(r'^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)', proc.stdout, re.M))
    if not options:
        fail(f'{program} --help lists no options')
    for option in sorted(options):
        if option not in text:
            fail(f'the page does not mention {option} (from {os.path.basename(program)} --help)')


def check_keys(text, conf):
    """Every section and key of the shipped configuration (most commented out) is in the page."""
    with open(conf, encoding='utf-8') as f:
        lines = f.read().splitlines()
    keys = [m.group(1) for m in (re.match(r'#?([A-Z][A-Za-z]+)=', line) for line in lines) if m]
    sections = [m.group(1) for m in (re.match(r'#?\[([A-Za-z-]+)\]', line) for line in lines) if m]
    if len(keys) < 5 or not sections:
        fail(f'{conf}: found too few keys ({keys}) or sections ({sections})')
    for key in keys:
        if key + '=' not in text:
            fail(f'the page does not document {key}= (from {conf})')
    for name in sections:
        if f'[{name}]' not in text:
            fail(f'the page does not document the section [{name}] (from {conf})')


def check_commands(roff, text, opentokctl):
    """Every command of opentokctl --help has an entry; every exit status is explained."""
    proc = run(opentokctl, '--help')
    commands = re.findall(r'^  ([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?= [A-Z\[-]|\s{2,}|$)',
                          proc.stdout, re.M)
    if len(commands) < 10:
        fail(f'opentokctl --help lists too few commands: {commands}')
    entries = set(re.findall(r'^\\fB([a-z -]+)\\fR', roff.replace(r'\-', '-'), re.M))
    for command in commands:
        if command not in entries:
            fail(f'opentokctl.1 has no entry for "{command}"')
    m = re.search(r'^Exit status: (.*?)\n\n?(?:\Z|\S)', proc.stdout + '\n', re.M | re.S)
    codes = set(re.findall(r'\b(\d+) [a-z]', m.group(1) if m else ''))
    if not codes:
        fail('opentokctl --help names no exit status')
    exit_section = section(roff, 'EXIT STATUS') or ''
    documented = set(re.findall(r'^\.TP\n\\fB(\d+)\\fR', exit_section, re.M))
    for code in sorted(codes - documented):
        fail(f'EXIT STATUS does not explain exit status {code}')
    for title in ('JSON OUTPUT', 'EXAMPLES'):
        if section(roff, title) is None:
            fail(f'opentokctl.1 has no {title} section')
    if 'archive wait' not in text:
        fail('opentokctl.1 does not mention archive wait')


def check_man(args):
    page = args[0]
    with open(page, encoding='utf-8') as f:
        roff = f.read()
    text = plain(roff)
    for title in ('NAME', 'SYNOPSIS', 'DESCRIPTION', 'SEE ALSO'):
        if section(roff, title) is None:
            fail(f'{page} has no {title} section')
    check_render(page)
    it = iter(args[1:])
    for option in it:
        value = next(it)
        if option == '--options-of':
            check_options(text, value)
        elif option == '--keys-of':
            check_keys(text, value)
        elif option == '--commands-of':
            check_commands(roff, text, value)
        else:
            sys.exit(f'unknown option {option}')


def check_dbus(args):
    with open(args[0], encoding='utf-8') as f:
        html = f.read()
    for path in args[1:]:
        for iface in minidom.parse(path).getElementsByTagName('interface'):
            name = iface.getAttribute('name')
            if f'id="{name}"' not in html:
                fail(f'the reference has no section for {name}')
            for tag in ('method', 'property', 'signal'):
                for member in iface.getElementsByTagName(tag):
                    anchor = f'{name}.{member.getAttribute("name")}'
                    if f'id="{anchor}"' not in html:
                        fail(f'the reference does not describe {anchor}')


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('man', 'dbus'):
        sys.exit(__doc__)
    (check_man if sys.argv[1] == 'man' else check_dbus)(sys.argv[2:])
    if failures:
        print(f'{len(failures)} failures')
        sys.exit(1)
    print('ok')


if __name__ == '__main__':
    main()
