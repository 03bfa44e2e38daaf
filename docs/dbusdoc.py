#!/usr/bin/env python3
"""Write the D-Bus API reference (one HTML page) from the introspection files in dbus/.

The documentation is the XML comments of those files:

  - the comment before <node> describes the interface;
  - the comment before a <method> or <property> describes it; it starts "Name:", and a
    line "@arg: text" documents an argument, lines indented deeper continue it, and a
    line back at the comment's indentation without "@" is a note on the method again.

Every method and property must have a comment, and an @arg must name one of the method's
arguments: anything else stops the build, so the reference cannot silently lose a member.
"""

import argparse
import html
import re
import sys
import textwrap
from xml.dom import minidom

# "@items: the page. @total: how many" documents two arguments on one line
ARG_INLINE = re.compile(r'(?:^|(?<=\s))@([a-z_][a-z0-9_]*):\s*')

CSS = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #222; }
code, pre { font-family: monospace; }
pre.signature { background: #f4f4f4; padding: .5em; overflow-x: auto; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2.5em; }
h3 { margin-top: 1.8em; }
dt { font-family: monospace; margin-top: .4em; }
dd { margin-left: 2em; }
.dir { color: #666; font-size: 90%; }
nav ul { columns: 2; }
"""


class DocError(Exception):
    pass


def comment_paragraphs(text):
    """A comment's text as paragraphs: runs of lines separated by blank lines."""
    text = textwrap.dedent(text.strip('\n')).strip()
    return [' '.join(line.strip() for line in para.splitlines())
            for para in re.split(r'\n\s*\n', text) if para.strip()]


def parse_member_comment(name, text, arg_names):
    """(description paragraphs, {arg: text}) from a member's comment."""
    lines = textwrap.dedent(text.strip('\n').rstrip()).split('\n')
    first = lines[0].strip()
    if not first.startswith(name + ':'):
        raise DocError(f'the comment of {name} must start with "{name}:"')
    lines[0] = first[len(name) + 1:].strip()
    base = min((len(l) - len(l.lstrip()) for l in lines[1:] if l.strip()), default=0)
    blocks = []  # [arg name, or None for the member itself; text]
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        deeper = len(line) - len(line.lstrip()) > base
        parts = ARG_INLINE.split(stripped)
        head = parts[0].strip()
        # deeper lines continue a block, and so do plain lines after the member's own text
        if blocks and head and (deeper or blocks[-1][0] is None):
            blocks[-1][1] += ' ' + head
        elif head:
            blocks.append([None, head])
        for i in range(1, len(parts), 2):
            blocks.append([parts[i], parts[i + 1].strip()])
    args = {}
    for arg, doc in blocks:
        if arg is None:
            continue
        if arg not in arg_names:
            raise DocError(f'{name}: @{arg} is not an argument')
        args[arg] = doc
    return [doc for arg, doc in blocks if arg is None], args


def preceding_comment(node):
    """The comment right before @node, skipping white space; None if there is none."""
    sib = node.previousSibling
    while sib is not None and sib.nodeType == sib.TEXT_NODE and not sib.data.strip():
        sib = sib.previousSibling
    if sib is not None and sib.nodeType == sib.COMMENT_NODE:
        return sib.data
    return None


class Interface:
    def __init__(self, path):
        doc = minidom.parse(path)
        comments = [n.data for n in doc.childNodes if n.nodeType == n.COMMENT_NODE]
        ifaces = doc.getElementsByTagName('interface')
        if len(ifaces) != 1:
            raise DocError(f'{path}: expected one <interface>')
        iface = ifaces[0]
        self.name = iface.getAttribute('name')
        if not comments:
            raise DocError(f'{path}: no comment before <node> describes {self.name}')
        self.overview = comment_paragraphs(comments[0])
        self.methods = []
        self.properties = []
        for el in iface.childNodes:
            if el.nodeType != el.ELEMENT_NODE or el.tagName not in ('method', 'property'):
                continue
            name = el.getAttribute('name')
            text = preceding_comment(el)
            if text is None:
                raise DocError(f'{path}: {self.name}.{name} has no comment')
            if el.tagName == 'method':
                args = [(a.getAttribute('name'), a.getAttribute('type'),
                         a.getAttribute('direction') or 'in')
                        for a in el.getElementsByTagName('arg')]
                desc, arg_docs = parse_member_comment(name, text, [a[0] for a in args])
                self.methods.append((name, args, desc, arg_docs))
            else:
                desc, _ = parse_member_comment(name, text, [])
                self.properties.append((name, el.getAttribute('type'),
                                        el.getAttribute('access'), desc))

    def anchor(self, member=None):
        return self.name + ('.' + member if member else '')


def e(text):
    return html.escape(text, quote=True)


def sentence(text):
    """A description as a sentence: "mints a token" after "Name:" becomes "Mints a token"."""
    return e(text[:1].upper() + text[1:])


def render_interface(out, iface):
    out.append(f'<section id="{e(iface.anchor())}">')
    out.append(f'<h2><code>{e(iface.name)}</code></h2>')
    out.extend(f'<p>{e(p)}</p>' for p in iface.overview)
    for name, args, desc, arg_docs in iface.methods:
        sig = ', '.join(f'{d.upper()} {t} {n}' for n, t, d in args)
        out.append(f'<h3 id="{e(iface.anchor(name))}">{e(name)}</h3>')
        out.append(f'<pre class="signature">{e(name)} ({e(sig)})</pre>')
        if desc:
            out.append(f'<p>{sentence(desc[0])}</p>')
        if args:
            out.append('<dl>')
            for n, t, d in args:
                out.append(f'<dt>{e(n)} <span class="dir">{e(d)} {e(t)}</span></dt>'
                           f'<dd>{e(arg_docs.get(n, ""))}</dd>')
            out.append('</dl>')
        out.extend(f'<p>{sentence(p)}</p>' for p in desc[1:])
    for name, typ, access, desc in iface.properties:
        out.append(f'<h3 id="{e(iface.anchor(name))}">{e(name)}</h3>')
        out.append(f'<pre class="signature">{e(name)}  {e(typ)}  {e(access)}</pre>')
        out.extend(f'<p>{sentence(p)}</p>' for p in desc)
    out.append('</section>')


def render(interfaces, version):
    out = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
           f'<title>opentokd {e(version)} D-Bus API reference</title>',
           f'<style>{CSS}</style>', '</head>', '<body>',
           f'<h1>opentokd {e(version)} D-Bus API reference</h1>',
           '<p>opentokd owns the bus name <code>org.opentokd.OpenTok1</code> on the system '
           'bus. The root object <code>/org/opentokd/OpenTok1</code> has the interface '
           '<code>org.opentokd.OpenTok1</code> and <code>org.freedesktop.DBus.ObjectManager'
           '</code>; each running plugin adds the object <code>/org/opentokd/OpenTok1/'
           '<var>Area</var></code> with the interface <code>org.opentokd.OpenTok1.<var>Area'
           '</var></code>. Option dictionaries have snake_case keys; unknown keys, wrong '
           'types and values out of range are refused with <code>InvalidArgs</code>, naming '
           'the key, before any request. Who may call what is decided by the '
           '<code>[Access]</code> rules of opentokd.conf(5).</p>',
           '<nav><ul>']
    for iface in interfaces:
        members = ', '.join(f'<a href="#{e(iface.anchor(m[0]))}">{e(m[0])}</a>'
                            for m in iface.methods + iface.properties)
        out.append(f'<li><a href="#{e(iface.anchor())}"><code>{e(iface.name)}</code></a>: '
                   f'{members}</li>')
    out.append('</ul></nav>')
    for iface in interfaces:
        render_interface(out, iface)
    out += ['</body>', '</html>']
    return '\n'.join(out) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('output')
    parser.add_argument('xml', nargs='+')
    parser.add_argument('--version', required=True)
    opts = parser.parse_args()
    try:
        interfaces = [Interface(path) for path in opts.xml]
    except DocError as err:
        sys.exit(f'dbusdoc: {err}')
    # the root interface first, then the areas by name
    interfaces.sort(key=lambda i: (i.name != 'org.opentokd.OpenTok1', i.name))
    with open(opts.output, 'w', encoding='utf-8') as f:
        f.write(render(interfaces, opts.version))


if __name__ == '__main__':
    main()
