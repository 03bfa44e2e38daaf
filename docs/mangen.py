#!/usr/bin/env python3
"""Turn a man page source of ours (docs/*.[158].md) into roff for man(1).

The source is a small, fixed subset of Markdown, enough for reference pages:

    ## NAME                      a section (.SH); ### Title is a subsection (.SS)
    text, lines joined           a paragraph; a blank line ends it
    TERM                         a tagged paragraph (.TP): the term on one line, then ": "
    : description                and the description; more lines indented by two spaces
      continued                  belong to it, and so do later indented paragraphs
    - item                       a bullet list item, continued by indented lines
    ```                          a literal block, shown as it is, indented (it ends an item)
    `code` **bold** *italic*     inline: code and bold in bold, italic for placeholders
    @name@                       replaced by --define name=VALUE

A line that is exactly @OPENTOKCTL-COMMANDS@ becomes the reference of every opentokctl
command, read from the help of the opentokctl given with --opentokctl, so the page and the
program cannot disagree. The page's name and section come from the file name
(opentokd.conf.5.md is opentokd.conf(5)).
"""

import argparse
import os
import re
import subprocess
import sys
import time

MANUALS = {'1': 'User Commands', '5': 'File Formats', '7': 'Miscellanea', '8': 'System Administration'}

# groff turns these into typographic glyphs in UTF-8 output; commands must survive copy and paste
ESCAPES = {'\\': r'\e', '-': r'\-', "'": r'\(aq', '`': r'\(ga', '~': r'\(ti', '^': r'\(ha',
           '"': r'\(dq'}
INLINE = re.compile(r'`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*')
PLACEHOLDER = re.compile(r'[A-Za-z][A-Za-z0-9_]*')


def escape(text):
    return ''.join(ESCAPES.get(c, c) for c in text)


def inline(text):
    """Escapes text for roff and turns the inline markup into font changes."""
    out = []
    pos = 0
    for m in INLINE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        if m.group(3) is not None:
            out.append(r'\fI' + escape(m.group(3)) + r'\fR')
        else:
            out.append(r'\fB' + escape(m.group(1) or m.group(2)) + r'\fR')
        pos = m.end()
    out.append(escape(text[pos:]))
    return ''.join(out)


def line(text):
    # a line may not start with a control character
    return '\\&' + text if text.startswith('.') else text


class Page:
    def __init__(self):
        self.out = []

    def emit(self, *lines):
        self.out.extend(lines)

    def paragraph(self, text, macro='.PP'):
        self.emit(macro, line(inline(text)))


def parse_blocks(lines):
    """Splits the source into blocks: (kind, lines), kind one of heading, code, text."""
    blocks = []
    i = 0
    while i < len(lines):
        text = lines[i]
        if text.strip() == '':
            i += 1
            continue
        if text.startswith('```'):
            j = i + 1
            while j < len(lines) and not lines[j].startswith('```'):
                j += 1
            if j == len(lines):
                raise SystemExit(f'unterminated literal block at line {i + 1}')
            blocks.append(('code', lines[i + 1:j]))
            i = j + 1
            continue
        if text.startswith('#'):
            blocks.append(('heading', [text]))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip() != '' and not lines[j].startswith('```') \
                and not lines[j].startswith('#'):
            j += 1
        blocks.append(('text', lines[i:j]))
        i = j
    return blocks


def join(lines):
    return ' '.join(s.strip() for s in lines)


def render_text(page, block, in_item):
    """One paragraph, tagged paragraph or list; returns whether later indented text belongs
    to an item."""
    if len(block) > 1 and block[1].startswith(': '):
        page.emit('.TP', line(inline(block[0].strip())))
        page.emit(line(inline(join([block[1][2:]] + block[2:]))))
        return True
    if block[0].startswith('- '):
        items = []
        for text in block:
            if text.startswith('- '):
                items.append([text[2:]])
            else:
                items[-1].append(text)
        for item in items:
            page.emit(r'.IP \(bu 2', line(inline(join(item))))
        return False
    if in_item and block[0].startswith('  '):
        page.paragraph(join(block), '.IP')
        return True
    page.paragraph(join(block))
    return False


def render(source, name, section, version, defines, opentokctl):
    for key, value in defines.items():
        source = source.replace(f'@{key}@', value)
    leftover = re.search(r'@[a-z_]+@', source)
    if leftover:
        raise SystemExit(f'{name}.{section}: nothing defines {leftover.group(0)}')
    page = Page()
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    date = time.strftime('%Y-%m-%d', time.gmtime(int(epoch))) if epoch else ''
    page.emit(f'.TH "{escape(name.upper())}" "{section}" "{date}" "opentokd {escape(version)}" '
              f'"{MANUALS[section]}"')
    # ragged right without hyphenation: option names and ids must not be split
    page.emit('.nh', '.ad l')
    in_item = False
    for kind, block in parse_blocks(source.splitlines()):
        if kind == 'heading':
            level, title = block[0].split(' ', 1)
            page.emit(('.SH ' if level == '##' else '.SS ') + f'"{escape(title.strip())}"')
            in_item = False
        elif kind == 'code':
            page.emit('.PP', '.RS 4', '.nf')
            page.emit(*(line(escape(s)) for s in block))
            page.emit('.fi', '.RE')
            in_item = False
        elif block == ['@OPENTOKCTL-COMMANDS@']:
            if opentokctl is None:
                raise SystemExit('@OPENTOKCTL-COMMANDS@ needs --opentokctl')
            OpentokctlHelp(opentokctl).render(page)
            in_item = False
        else:
            in_item = render_text(page, block, in_item)
    return '\n'.join(page.out) + '\n'


class OpentokctlHelp:
    """The COMMANDS section, from `opentokctl [GROUP [COMMAND]] --help`."""

    def __init__(self, program):
        self.program = program

    def help(self, *words):
        env = dict(os.environ, LC_ALL='C')
        proc = subprocess.run([self.program, *words, '--help'], capture_output=True, text=True,
                              env=env, timeout=30, check=False)
        if proc.returncode != 0:
            raise SystemExit(f'opentokctl {" ".join(words)} --help failed: {proc.stderr}')
        return proc.stdout.splitlines()

    @staticmethod
    def block(lines, title):
        """The indented lines under "Title:", up to the first blank line."""
        if title not in lines:
            return []
        out = []
        for text in lines[lines.index(title) + 1:]:
            if text.strip() == '':
                break
            out.append(text)
        return out

    def groups(self):
        """The command words of the top-level help, in its order, each once."""
        seen = []
        for text in self.block(self.help(), 'Commands:'):
            m = re.match(r'  ([a-z][a-z-]*)(?: |$)', text)
            if m and m.group(1) not in seen:
                seen.append(m.group(1))
        return seen

    def render(self, page):
        for group in self.groups():
            lines = self.help(group)
            usage = lines[0]
            if usage.endswith(' COMMAND [ARGUMENTS]'):
                page.emit(f'.SS "{escape(group)}"', line(inline(lines[2])))
                for text in self.block(lines, 'Commands:'):
                    m = re.match(r'  ([a-z][a-z-]*)(?: |$)', text)
                    if m:
                        self.render_command(page, self.help(group, m.group(1)))
            else:
                page.emit(f'.SS "{escape(group)}"')
                self.render_command(page, lines)

    def render_command(self, page, lines):
        usage = lines[0]
        if not usage.startswith('Usage: opentokctl '):
            raise SystemExit(f'unexpected help: {usage}')
        words = usage[len('Usage: opentokctl '):].split(' ')
        command = [w for w in words if re.fullmatch(r'[a-z][a-z-]*', w)]
        args = words[len(command):]
        page.emit('.TP', r'\fB' + escape(' '.join(command)) + r'\fR' +
                  ''.join(' ' + synopsis(a) for a in args))
        body = lines[2:lines.index('Common options:')] if 'Common options:' in lines \
            else lines[2:]
        paragraphs = []
        options = []
        for text in body:
            if text == 'Options:':
                options = self.block(body, 'Options:')
                paragraphs.append(None)
                continue
            if options and text in options:
                continue
            paragraphs.append(text)
        first = True
        for para in split_paragraphs(paragraphs):
            if para is None:
                self.render_options(page, options)
                continue
            page.emit(*([] if first else ['.IP']), line(inline(join(para))))
            first = False

    @staticmethod
    def render_options(page, options):
        page.emit('.RS')
        for text in options:
            m = re.match(r'  (-\S*(?:, -\S+)?)(?:\s{2,}(.*))?$', text)
            if m:
                page.emit('.TP', option_spec(m.group(1)))
                if m.group(2):
                    page.emit(line(inline(m.group(2))))
            else:
                page.emit(line(inline(text.strip())))
        page.emit('.RE')


def split_paragraphs(lines):
    """Blank lines end paragraphs; None (the options list) stands alone."""
    para = []
    for text in lines + ['']:
        if text is None or text.strip() == '':
            if para:
                yield para
                para = []
            if text is None:
                yield None
        else:
            para.append(text)


def synopsis(arg):
    """SESSION, [OPTIONS], --type=TYPE, STREAM=CLASS[,CLASS...]...: placeholders in italics."""
    if arg.startswith('-'):
        return option_spec(arg)
    return PLACEHOLDER.sub(lambda m: r'\fI' + m.group(0) + r'\fR', escape(arg))


def option_spec(spec):
    """--name=VALUE or -h, --help: names in bold, the value's placeholders in italics."""
    names, eq, value = spec.partition('=')
    out = ', '.join(r'\fB' + escape(n) + r'\fR' for n in names.split(', '))
    if eq:
        out += '=' + PLACEHOLDER.sub(lambda m: r'\fI' + m.group(0) + r'\fR', escape(value))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('source')
    parser.add_argument('output')
    parser.add_argument('--version', required=True)
    parser.add_argument('--define', action='append', default=[], metavar='NAME=VALUE')
    parser.add_argument('--opentokctl', help='the built opentokctl, for @OPENTOKCTL-COMMANDS@')
    opts = parser.parse_args()
    m = re.fullmatch(r'(.+)\.([1-8])\.md', os.path.basename(opts.source))
    if not m:
        sys.exit(f'{opts.source}: the name must be NAME.SECTION.md')
    defines = dict(d.split('=', 1) for d in opts.define)
    with open(opts.source, encoding='utf-8') as f:
        text = render(f.read(), m.group(1), m.group(2), opts.version, defines, opts.opentokctl)
    with open(opts.output, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
