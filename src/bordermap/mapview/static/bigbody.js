/* bordermap large layers, their points as they come (see biglayer.js for the layer): fetched a
 * network chunk at a time, read without copying, an id decoded when asked for, and the work
 * on a million points done in slices of a few milliseconds, so the page keeps answering.
 *
 * The positions come as one binary body (GET /api/layers/<id>/points): a 16-byte head ("BMPT",
 * version, n, features that are not points), n longitude/latitude pairs as little-endian
 * float64, n uint32 ends of each feature id, and the ids as UTF-8.
 */
(function (global) {
  "use strict";
  var BorderMap = global.BorderMap;

  // Work is done in slices of about this many milliseconds, each its own task, so no task
  // comes near the 50 ms a browser counts as long.
  var SLICE_MS = 10;

  // Runs step(deadline) in tasks of their own until it returns true; the returned function
  // cancels what is left. While the page is being printed (share.js sets BorderMap.printing
  // before the map takes the paper's size), all of it at once: the page is printed as it is
  // when the print handlers return, and a drawing left for later tasks would be missing.
  function sliced(step, done) {
    if (BorderMap.printing) {
      while (!step(Infinity)) { /* the whole drawing in this task */ }
      if (done) done();
      return function () {};
    }
    var cancelled = false;
    var run = function () {
      if (cancelled) return;
      if (step(performance.now() + SLICE_MS)) { if (done) done(); } else global.setTimeout(run, 0);
    };
    global.setTimeout(run, 0);
    return function () { cancelled = true; };
  }

  // The body read: typed arrays over the one buffer, nothing copied.
  function readBody(buffer) {
    var head = new DataView(buffer, 0, 16);
    var magic = String.fromCharCode(head.getUint8(0), head.getUint8(1), head.getUint8(2), head.getUint8(3));
    if (magic !== "BMPT" || head.getUint32(4, true) !== 1) throw new Error("not a bordermap points body");
    var n = head.getUint32(8, true);
    return {
      n: n,
      others: head.getUint32(12, true),
      lonLat: new Float64Array(buffer, 16, 2 * n),
      ends: new Uint32Array(buffer, 16 + 16 * n, n),
      idBytes: new Uint8Array(buffer, 16 + 20 * n),
    };
  }

  var decoder = typeof TextDecoder !== "undefined" ? new TextDecoder("utf-8") : null;
  function idAt(data, i) {
    var start = i ? data.ends[i - 1] : 0;
    return decoder.decode(data.idBytes.subarray(start, data.ends[i]));
  }

  // The body read a network chunk at a time into one buffer of its announced length: each
  // chunk is a small task of its own, where arrayBuffer() gathered the 28 MB of a million
  // points in long tasks of the page's (up to half a second on a slowed phone).
  function fetchBuffer(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      var length = Number(response.headers.get("Content-Length"));
      if (!response.body || !length || response.headers.get("Content-Encoding")) return response.arrayBuffer();
      var bytes = new Uint8Array(length), at = 0;
      var reader = response.body.getReader();
      var pump = function () {
        return reader.read().then(function (part) {
          if (part.done) {
            if (at !== length) throw new Error(url + ": body ended after " + at + " of " + length + " bytes");
            return bytes.buffer;
          }
          if (at + part.value.length > length) throw new Error(url + ": body longer than announced");
          bytes.set(part.value, at);
          at += part.value.length;
          return pump();
        });
      };
      return pump();
    });
  }

  // What the other scripts of large layers use (bigkeys.js adds `keyboard`).
  BorderMap.bigPoints = { sliced: sliced, readBody: readBody, idAt: idAt, fetchBuffer: fetchBuffer };
  BorderMap.readPointsBody = readBody;
})(window);
