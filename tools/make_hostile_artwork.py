#!/usr/bin/env python3
"""Writes the hostile SVG and PDF artwork of the work-budget tests (issue 13): the bad-input
cases tests/bad/159-162 and 169-176 and the same files as fuzz seeds in fuzz/corpus/artwork/. Each one is
small on disk and asks for far more work than the budget (resolve/svgwork.rs, pdfwork.rs).
Run from the repository root; the output is deterministic."""
import base64
import os
import zlib

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40" viewBox="0 0 100 40">'


def use_fanout(levels, fan=10):
    """`levels` levels of `fan` <use>s of the level below: fan**levels rectangles."""
    s = SVG_HEAD + '<defs><rect id="a0" width="1" height="1"/>\n'
    for i in range(1, levels + 1):
        s += f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * fan + '</g>\n'
    return s + f'</defs><use href="#a{levels}"/></svg>\n'


def huge_path(n=40_000):
    return SVG_HEAD + '<path d="M0 0' + 'h1v1' * n + '"/></svg>\n'


def many_filters(n=10):
    s = SVG_HEAD + ('<defs><filter id="f" x="-50%" y="-50%" width="200%" height="200%">'
                    '<feGaussianBlur stdDeviation="8"/></filter></defs>\n')
    s += '<rect width="100" height="40" fill="#336" filter="url(#f)"/>\n' * n
    return s + '</svg>\n'


def pattern_chain(levels=6, fan=10):
    """Patterns filled with patterns: each level's tile has `fan` rectangles of the level below."""
    s = SVG_HEAD + '<defs><pattern id="p0" width="2" height="2" patternUnits="userSpaceOnUse">'
    s += '<rect width="1" height="1"/></pattern>\n'
    for i in range(1, levels + 1):
        s += f'<pattern id="p{i}" width="20" height="2" patternUnits="userSpaceOnUse">'
        s += ''.join(f'<rect x="{2 * k}" width="2" height="2" fill="url(#p{i - 1})"/>'
                     for k in range(fan))
        s += '</pattern>\n'
    return s + f'</defs><rect width="100" height="40" fill="url(#p{levels})"/></svg>\n'


def nested_data_svg():
    inner = base64.b64encode(use_fanout(6).encode()).decode()
    return (SVG_HEAD + f'<image width="100" height="40" href="data:image/svg+xml;base64,{inner}"/>'
            '</svg>\n')


def pdf(objects):
    """A PDF of the given object bodies (1-based), with a correct xref table."""
    out = b'%PDF-1.7\n'
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f'{i} 0 obj\n'.encode() + body + b'\nendobj\n'
    xref = len(out)
    out += f'xref\n0 {len(objects) + 1}\n0000000000 65535 f \n'.encode()
    out += b''.join(f'{o:010d} 00000 n \n'.encode() for o in offsets)
    out += f'trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n'.encode()
    return out


def stream(dict_entries, data, flate=False):
    if flate:
        data = zlib.compress(data, 9)
        dict_entries += ' /Filter /FlateDecode'
    return f'<< {dict_entries} /Length {len(data)} >>\nstream\n'.encode() + data + b'\nendstream'


def page_pdf(content, xobjects, extra):
    """Catalog, pages, one page drawing `content` with XObjects /X0…, then `extra` objects
    (numbered from 5)."""
    xo = ' '.join(f'/X{i} {n} 0 R' for i, n in xobjects)
    return pdf([
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 80] /Contents 4 0 R '
        f'/Resources << /XObject << {xo} >> >> >>'.encode(),
        stream('', content),
    ] + extra)


def form(draws, name, target):
    """A form XObject drawing the form `target` (object number) `draws` times as /`name`."""
    body = (b'q 1 0 0 1 0 0 cm /' + name.encode() + b' Do Q\n') * draws
    res = f'/Resources << /XObject << /{name} {target} 0 R >> >>' if target else ''
    return stream(f'/Type /XObject /Subtype /Form /BBox [0 0 200 80] {res}', body or b'0 0 1 1 re f')


def form_fanout(levels=5, fan=20):
    # Object 5 is the leaf form; 5+i draws 5+i-1 `fan` times; the page draws the top one.
    extra = [form(0, 'X', None)] + [form(fan, 'X', 5 + i - 1) for i in range(1, levels + 1)]
    return page_pdf(b'/X0 Do', [(0, 5 + levels)], extra)


def form_chain(depth=24):
    extra = [form(0, 'X', None)] + [form(1, 'X', 5 + i - 1) for i in range(1, depth + 1)]
    return page_pdf(b'/X0 Do', [(0, 5 + depth)], extra)


def huge_image(side=8000):
    data = bytes(side * side // 8)
    img = stream(f'/Type /XObject /Subtype /Image /Width {side} /Height {side} '
                 '/ColorSpace /DeviceGray /BitsPerComponent 1', data, flate=True)
    return page_pdf(b'q 200 0 0 80 0 0 cm /X0 Do Q', [(0, 5)], [img])


def content_bomb(size=9 * 1024 * 1024):
    body = stream('', b' ' * size + b'0 0 1 1 re f', flate=True)
    return pdf([
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 80] /Contents 4 0 R >>',
        body,
    ])


def lzw_encode(data):
    """LZW as PDF writes it by default (MSB first, EarlyChange 1, 12-bit codes at most)."""
    out, acc, nbits, width = bytearray(), 0, 0, 9

    def emit(code):
        nonlocal acc, nbits
        acc, nbits = (acc << width) | code, nbits + width
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)

    table, next_code, w = {bytes([i]): i for i in range(256)}, 258, b''
    emit(256)
    for b in data:
        wc = w + bytes([b])
        if wc in table:
            w = wc
            continue
        emit(table[w])
        table[wc], next_code, w = next_code, next_code + 1, bytes([b])
        if next_code == 1 << width and width < 12:
            width += 1
        elif next_code >= 4093:
            emit(256)
            table, next_code, width = {bytes([i]): i for i in range(256)}, 258, 9
    emit(table[w])
    emit(257)
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    return bytes(out)


def encoded_bomb(filters, size=9 * 1024 * 1024):
    """A page whose content stream decodes to `size` bytes through `filters` (outermost last)."""
    data = b' ' * size + b'0 0 1 1 re f'
    names = []
    for f in filters:
        if f == 'flate':
            data, name = zlib.compress(data, 9), '/FlateDecode'
        elif f == 'lzw':
            data, name = lzw_encode(data), '/LZWDecode'
        else:
            data, name = data.hex().encode() + b'>', '/ASCIIHexDecode'
        names.insert(0, name)
    body = f'<< /Filter [{" ".join(names)}] /Length {len(data)} >>\nstream\n'.encode()
    body += data + b'\nendstream'
    return pdf([
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 80] /Contents 4 0 R >>',
        body,
    ])


def inline_image(side=8000):
    """An inline image (BI … ID … EI) of side × side pixels, 1 bit each, in a few KB."""
    data = zlib.compress(bytes(side * side // 8), 9)
    content = (f'q 200 0 0 80 0 0 cm BI /W {side} /H {side} /BPC 1 /CS /G /F /Fl ID\n'.encode()
               + data + b'\nEI Q')
    return page_pdf(content, [], [])


def type3_glyphs(shown=200, rects=2000):
    """A Type 3 font whose one glyph draws `rects` rectangles, shown `shown` times."""
    proc = stream('', b'0 0 1 1 re f\n' * rects, flate=True)
    font = (b'<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] '
            b'/CharProcs << /g 6 0 R >> /Encoding << /Type /Encoding /Differences [65 /g] >> '
            b'/FirstChar 65 /LastChar 65 /Widths [1] >>')
    content = b'BT /T3 1 Tf (' + b'A' * shown + b') Tj ET'
    return pdf([
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 80] /Contents 4 0 R '
        b'/Resources << /Font << /T3 5 0 R >> >> >>',
        stream('', content),
        font,
        proc,
    ])


CASES = [
    (169, 'svg-use-fanout', 'svg', use_fanout(5), 'too much work to draw'),
    (170, 'svg-huge-path', 'svg', huge_path(), 'too much work to draw'),
    (171, 'svg-many-filters', 'svg', many_filters(), 'too much work to draw'),
    (172, 'svg-pattern-chain', 'svg', pattern_chain(), 'too much work to draw'),
    (173, 'svg-embedded-svg-bomb', 'svg', nested_data_svg(), 'an SVG embedded in it'),
    (174, 'pdf-form-fanout', 'pdf', form_fanout(), 'too much work to draw'),
    (175, 'pdf-form-nesting', 'pdf', form_chain(), 'nest more than 16 deep'),
    (176, 'pdf-image-too-large', 'pdf', huge_image(), 'more than the 16 megapixels'),
    (159, 'pdf-chained-filter-bomb', 'pdf', encoded_bomb(['flate', 'hex']), 'once decoded'),
    (160, 'pdf-lzw-bomb', 'pdf', encoded_bomb(['lzw']), 'once decoded'),
    (161, 'pdf-inline-image-too-large', 'pdf', inline_image(), 'more than the 16 megapixels'),
    (162, 'pdf-type3-glyph-work', 'pdf', type3_glyphs(), 'too much work to draw'),
]

EXTRA_SEEDS = [('pdf-content-bomb.pdf', content_bomb())]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    for num, name, ext, data, expected in CASES:
        case = f'tests/bad/{num}-{name}'
        write(f'{case}/logo.{ext}', data)
        write(f'{case}/letterhead.yaml', f'name: Acme\nheader: {{ image: logo.{ext}, height: 20mm }}\n')
        write(f'{case}/letter.yaml',
              'letterhead: letterhead.yaml\nrecipient: [Jan Kowalski]\nbody: Dziękujemy.\n')
        write(f'{case}/expected.txt', f'{expected}\nletterhead.yaml:2:18\n')
        write(f'fuzz/corpus/artwork/{num}-{name}.{ext}', data)
    for name, data in EXTRA_SEEDS:
        write(f'fuzz/corpus/artwork/{name}', data)


if __name__ == '__main__':
    main()
