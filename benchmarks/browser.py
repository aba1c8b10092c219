"""Headless Chromium: time from navigation until every feature is drawn, and one pan's redraw.

bordermap is timed at the moment it marks `body[data-bm-drawn=true]` (every layer shown at
first is drawn; the commitments panel and the hidden layers may still be loading);
folium at its load event (its script runs before it). For both, two animation frames later:
the first paints what was drawn (the canvas redraws in an animation frame), the second starts
once that paint is done. Both pages come from loopback servers, each in a process of its own
(`instance.Server`); every other host fails to resolve (tiles).

bordermap's page also carries its first view drawn by the server (mapview/first_view.py), painted
before any script runs: it is timed two animation frames after the parser put it in the page,
and must hold as many features as the map's script then draws.
"""

from __future__ import annotations

import shutil
import statistics
from contextlib import contextmanager
from pathlib import Path

from .measure import Row, middle_half

# Runs of each first-view row (at least): a page and its reference in turn each time.
FIRST_VIEW_RUNS = 9
# No request leaves the machine: every host name but loopback's fails to resolve (basemap tiles
# included, for both pages). Chromium refuses them itself; a Playwright route asked this
# process about every request, the pages' own included, and slowed each by a round trip.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

# The two sizes the first view is measured at: a desktop window, and a phone whose CPU is
# slowed 4× (Chromium's own throttling, DevTools' "mid-tier mobile"); both pages alike.
DESKTOP = {"viewport": {"width": 1280, "height": 860}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True, "cpu_slowdown": 4}
# And that phone on a slow mobile network: Lighthouse's mobile profile ("Slow 4G": 150 ms a round
# trip, 1.6 Mbit/s down, 750 kbit/s up), DevTools' throttling of every request, both pages alike.
# Not a goal of issue 16; it shows what the bytes of each first view cost where they cost most.
SLOW_NETWORK = {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
PHONE_SLOW_NETWORK = {**PHONE, "network": SLOW_NETWORK}

# Runs before any page script: records performance.now() when the map is drawn.
PROBE = """
window.__bench = {};
function __benchFrames(key) {
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.__bench[key] = performance.now(); });
  });
}
new MutationObserver(function () {
  if (!window.__bench.ready && document.body && document.body.getAttribute("data-bm-drawn") === "true") {
    window.__bench.ready = performance.now();
    // The features the map's script drew (each one layer of Leaflet's in its layer's group).
    window.__bench.drawnFeatures = Object.keys(BorderMap.layers).reduce(function (sum, id) {
      var entry = BorderMap.layers[id];
      return sum + (entry.group && !entry.onDemand ? entry.group.getLayers().length : 0);
    }, 0);
    __benchFrames("drawn");
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-bm-drawn"] });
// bordermap's first view drawn by the server (mapview/first_view.py): painted two frames after the
// parser put it in the page.
new MutationObserver(function (records, observer) {
  var view = document.getElementById("bm-firstview");
  if (!view) return;
  observer.disconnect();
  window.__bench.firstViewFeatures = Number(view.getAttribute("data-features"));
  __benchFrames("painted");
}).observe(document, { childList: true, subtree: true });
// Main-thread tasks of more than 50 ms (the browser's own "long task"), each with its length.
window.__bench.longTasks = [];
window.__bench.longTaskEntries = [];  // [start, duration] of each
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (entry) {
      window.__bench.longTasks.push(entry.duration);
      window.__bench.longTaskEntries.push([entry.startTime, entry.duration]);
    });
  }).observe({ type: "longtask", buffered: true });
} catch (error) { /* no long-task timing in this browser */ }
window.addEventListener("load", function () {
  window.__bench.load = performance.now();
  __benchFrames("loaded");
});
"""

# The Leaflet map on the page: bordermap's, or the one folium declared as a global.
FIND_MAP = """() => (window.BorderMap && BorderMap.map) ||
  Object.values(window).find((v) => v && typeof L !== "undefined" && v instanceof L.Map)"""

PAN = """async ([findMap]) => {
  const map = eval(findMap)();
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await frames();
  const start = performance.now();
  map.panBy([240, 160], { animate: false });
  await frames();
  return performance.now() - start;
}"""


def chromium() -> str | None:
    """Debian's Chromium, or one named by BORDERMAP_CHROMIUM."""
    import os

    for candidate in (os.environ.get("BORDERMAP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class Browser:
    """One headless Chromium for the whole benchmark; a fresh context (cold cache) per visit."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        executable = chromium()
        if executable is None:
            raise RuntimeError("Chromium not found (apt-get install chromium, or set BORDERMAP_CHROMIUM)")
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def visit(self, url: str, *, bordermap: bool, pan: bool = False, device: dict | None = None,
              timeout_s: float = 180) -> tuple[float, float | None]:
        """Seconds from navigation until drawn (and, with `pan`, one pan's redraw in seconds).

        `device` is DESKTOP (the default) or PHONE. The bytes the first view took (each
        response's encoded length, as sent: compressed when it was) are left in `last_bytes`.
        """
        with self._tab(device) as (tab, cdp, errors):
            # Each response's length and when it finished, on the wall clock (its request's wall
            # time plus the monotonic time since): only those finished by the drawn mark count,
            # not a later request (the hidden layers', after the paint) that ends before the
            # probe's answer is read.
            sent: dict[str, tuple[float, float]] = {}
            finished: dict[str, tuple[float, int]] = {}
            cdp.send("Network.enable")
            cdp.on("Network.requestWillBeSent",
                   lambda event: sent.setdefault(event["requestId"], (event["timestamp"], event["wallTime"])))
            cdp.on("Network.loadingFinished", lambda event: finished.__setitem__(
                event["requestId"], (event["timestamp"], event["encodedDataLength"])))
            tab.goto(url, wait_until="commit", timeout=timeout_s * 1000)
            key = "drawn" if bordermap else "loaded"
            tab.wait_for_function(f"window.__bench && window.__bench.{key}", timeout=timeout_s * 1000)
            drawn_at = tab.evaluate(f"(performance.timeOrigin + window.__bench.{key}) / 1000")
            self.last_bytes = sum(length for request, (at, length) in finished.items()
                                  if request in sent and sent[request][1] + at - sent[request][0] <= drawn_at)
            self.last_long_tasks = tab.evaluate("window.__bench.longTasks")
            if errors:
                raise RuntimeError(f"{url}: page error: {errors[0]}")
            if bordermap and tab.evaluate("BorderMap.loadErrors || null"):
                raise RuntimeError(f"{url}: {tab.evaluate('BorderMap.loadErrors')}")
            # performance.now() counts from the start of navigation.
            drawn = tab.evaluate(f"window.__bench.{key}") / 1000
            self.last_painted = self._painted(tab) if bordermap else None
            panned = tab.evaluate(PAN, [FIND_MAP]) / 1000 if pan else None
            return drawn, panned

    @staticmethod
    def _painted(tab) -> float | None:
        """Seconds until the server's first view was painted, when the page had one; it must
        hold every feature the map's script then drew."""
        held = tab.evaluate("window.__bench.firstViewFeatures")
        if held is None:
            return None
        tab.wait_for_function("window.__bench.painted")
        drew = tab.evaluate("window.__bench.drawnFeatures")
        if held != drew:
            raise RuntimeError(f"the server's first view held {held} features, the map's script drew {drew}")
        return tab.evaluate("window.__bench.painted") / 1000

    def switch_on(self, url: str, layer_id: str, *, device: dict | None = None,
                  timeout_s: float = 300) -> tuple[float, float, int]:
        """Opens the page, waits until it is ready, then switches a layer on as the layer
        control does: (seconds until every feature (a large layer: point) is drawn and painted,
        the longest task meanwhile in seconds (0 when none passed 50 ms), the points drawn)."""
        with self._tab(device) as (tab, _, errors):
            tab.goto(url, wait_until="commit", timeout=timeout_s * 1000)
            tab.wait_for_function("document.body && document.body.getAttribute('data-bm-ready') === 'true'",
                                  timeout=timeout_s * 1000)
            took, longest, drawn = tab.evaluate(SWITCH_ON, layer_id)
            if errors or tab.evaluate("BorderMap.loadErrors || null"):
                raise RuntimeError(f"{url}: {errors or tab.evaluate('BorderMap.loadErrors')}")
            return took / 1000, longest / 1000, drawn

    @contextmanager
    def _tab(self, device: dict | None):
        """A tab in a fresh context (cold cache) with the probe, its CPU slowed as
        `device` says: (tab, its DevTools session, the page errors seen)."""
        device = dict(device or DESKTOP)
        slowdown = device.pop("cpu_slowdown", 1)
        network = device.pop("network", None)
        # Playwright's wait_for_function evaluates a string, which the app's CSP forbids.
        context = self._browser.new_context(**device, bypass_csp=True)
        try:
            context.add_init_script(PROBE)
            tab = context.new_page()
            cdp = context.new_cdp_session(tab)
            if slowdown > 1:
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            if network:
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", {"offline": False, **network})
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            yield tab, cdp, errors
        finally:
            context.close()


# Switches a large layer on as the reader's checkbox does and waits until its points are drawn
# and painted; the long tasks are those that started after the switch.
SWITCH_ON = """async (id) => {
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await frames();
  const start = performance.now();
  // A large layer says when its points are drawn; any other is drawn once it is on the map.
  const large = BorderMap.layers[id].onDemand;
  const drawn = large ? new Promise((done) => BorderMap.on("big-layer", (change) => {
    if (change.id === id && change.state === "drawn") done(change.drawn);
  })) : Promise.resolve(BorderMap.layers[id].count);
  BorderMap.setLayerShownByReader(id, true);
  const count = await drawn;
  await frames();
  const took = performance.now() - start;
  await new Promise((done) => setTimeout(done, 200));  // the observer reports a little later
  const longest = window.__bench.longTaskEntries.filter((e) => e[0] >= start - 1)
    .reduce((most, e) => Math.max(most, e[1]), 0);
  return [took, longest, count];
}"""


def compare(browser: Browser, ours: str, reference: str, runs: int, *, pan: bool = False,
            device: dict | None = None, painted: list | None = None):
    """Medians (drawn, pan) for bordermap's page and the folium page, visited in turn, the bytes
    each page's first view took (the last visit's), and the middle half of the per-pair ratios
    of drawn (`measure.middle_half`). `painted`, when given, receives a pair for each run: when
    bordermap's first view drawn by the server was painted (None without one), folium's drawn."""
    a, b, pa, pb = [], [], [], []
    for _ in range(runs):
        drawn, panned = browser.visit(ours, bordermap=True, pan=pan, device=device)
        sent_ours, painted_ours = browser.last_bytes, browser.last_painted
        a.append(drawn)
        pa.append(panned)
        drawn, panned = browser.visit(reference, bordermap=False, pan=pan, device=device)
        b.append(drawn)
        pb.append(panned)
        if painted is not None:
            painted.append((painted_ours, drawn))
    median = statistics.median
    spread = middle_half([x / y for x, y in zip(a, b, strict=True)])
    return ((median(a), median(b)), ((median(pa), median(pb)) if pan else None),
            (sent_ours, browser.last_bytes), spread)


def run(scenarios: list[tuple], runs: int) -> list[Row]:
    """Rows for each scenario (label, app, folium layers, goal, pan too?, first view?).

    The goal is seconds, or a string "≤ N×" for a ratio to the reference. A first-view
    scenario is measured at desktop size and again at phone size with the CPU slowed 4×, and
    gets a row of the bytes the first view took beside folium's.
    """
    from .instance import Server

    rows: list[Row] = []
    browser = Browser()
    try:
        for label, app, collections, goal, pan, first_view in scenarios:
            server = Server(app)
            try:
                reference = folium_reference(server, collections)
                try:
                    browser.visit(server.url + "/", bordermap=True)  # warms the server's caches
                    # The first view's rows decide a goal within a few per cent on a noisy machine:
                    # more runs for them.
                    times = max(runs, FIRST_VIEW_RUNS) if first_view else runs
                    painted: list = []
                    (ours, ref), panned, sent, spread = compare(browser, server.url + "/", reference.url + "/",
                                                                times, pan=pan, painted=painted)
                    rows.append(_drawn_row(f"browser: {label}, navigation → every feature drawn", ours, ref, goal,
                                           spread))
                    if first_view:
                        rows += _painted_rows(f"browser: {label}, navigation → every feature painted "
                                              "(the server's first view)", painted, goal)
                        painted = []
                        (ours, ref), _, _, spread = compare(browser, server.url + "/", reference.url + "/", times,
                                                            device=PHONE, painted=painted)
                        rows.append(_drawn_row(f"browser: {label}, phone size, CPU slowed 4×, navigation → drawn",
                                               ours, ref, goal, spread))
                        rows += _painted_rows(f"browser: {label}, phone size, CPU slowed 4×, navigation → every "
                                              "feature painted (the server's first view)", painted, goal)
                        rows.append(Row(f"browser: {label}, bytes transferred for the first view (as sent)",
                                        sent[0], sent[1], "KB"))
                        painted = []
                        (ours, ref), _, _, spread = compare(browser, server.url + "/", reference.url + "/", runs,
                                                            device=PHONE_SLOW_NETWORK, painted=painted)
                        slow = f"browser: {label}, phone size, CPU slowed 4×, slow 4G network (150 ms, 1.6 Mbit/s)"
                        rows.append(_drawn_row(f"{slow}, navigation → drawn", ours, ref, None, spread))
                        rows += _painted_rows(f"{slow}, navigation → every feature painted (the server's first "
                                              "view)", painted, None)
                finally:
                    reference.close()
            finally:
                server.close()
            if panned:
                rows.append(Row(f"browser: {label}, one pan (240×160 px) redrawn", panned[0], panned[1], "s"))
    finally:
        browser.close()
    return rows


def folium_reference(server, collections: list[dict]):
    """A static server of the plain folium map of `collections`, its Leaflet from `server` (the
    app's own copy), as the browser rows compare against."""
    from .instance import Server
    from .reference import folium_html_with_local_leaflet

    html = folium_html_with_local_leaflet(
        collections, server.url + "/assets/leaflet/leaflet.js", server.url + "/assets/leaflet/leaflet.css")
    return Server(pages={"/": html.encode("utf-8")})


def _painted_rows(measure: str, painted: list[tuple[float | None, float]], goal) -> list[Row]:
    """The row of the server's first view against folium's drawn map, when every visit had one."""
    if not painted or any(ours is None for ours, _ in painted):
        return []
    ours = statistics.median(pair[0] for pair in painted)
    reference = statistics.median(pair[1] for pair in painted)
    return [_drawn_row(measure, ours, reference, goal, middle_half([x / y for x, y in painted]))]


def _drawn_row(measure: str, ours: float, reference: float, goal, spread=None) -> Row:
    if isinstance(goal, str):  # a ratio to the reference: "≤ 1×"
        limit = float(goal.strip("≤ ×"))
        return Row(measure, ours, reference, "s", f"{goal} reference", ours <= limit * reference, spread)
    return Row(measure, ours, reference, "s", f"≤ {goal:g} s" if goal else "", (ours <= goal) if goal else None,
               spread)
