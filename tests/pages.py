"""Every public page type, with an address in the demo newsroom; the checkers below walk them all."""

PAGE_TYPES = {
    "home": "/",
    "release list": "/releases/",
    "release list, filtered": "/releases/?kind=release&year=2023",
    "release": "/releases/it-days-uzbekistan-bpo-b2b/",
    "coverage release": "/releases/steel-expo-battery-pavilion/",
    "event list": "/events/",
    "event": "/events/steel-expo-2023/",
    "spokesperson list": "/spokespeople/",
    "spokesperson": "/spokespeople/ha-insung/",
    "search": "/search/?q=우즈베키스탄의",
    "search, nothing found": "/search/?q=반도체",
    "not found": "/releases/no-such-release/",
    "subscribe": "/subscribe/",
}
