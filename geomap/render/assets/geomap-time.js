/* geomap time filter (part of geomap, MIT): a date-range slider with play, and a background toggle.
 *
 * folium ships two time plugins (Timeline, TimestampedGeoJson); neither fits: Timeline's slider picks
 * one instant, not a range, and both draw their own GeoJSON layer, which would bypass the marker
 * clusters a 5,000-incident map needs. This control filters geomap's own incident markers instead.
 * An incident is shown when its dates (date .. date_end, as day numbers day0 .. day1) overlap the
 * chosen range (redrawn at most once a frame; on a map of more than LIVE_MAX incidents when the slider is
 * let go); undated incidents are always shown and listed; background incidents (mentioned
 * as earlier context, often months before) are left out of the range and shown or hidden by a toggle.
 */
(function () {
  "use strict";
  if (window.GeoMapTime) { return; }

  var DAY_MS = 86400000, TICK_MS = 700, LIVE_MAX = 2000;

  function iso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function slider(cls, lo, hi, value, label) {
    var s = el("input", cls);
    s.type = "range";
    s.min = lo;
    s.max = hi;
    s.step = 1;
    s.value = value;
    s.setAttribute("aria-label", label);
    return s;
  }

  /* What the filter needs to know; null when the map has no dated and no background incident. */
  function summary(incidents) {
    var lo = null, hi = null, days = {}, background = 0, undated = [];
    incidents.forEach(function (x) {
      if (x.background) { background += 1; return; }  /* earlier context: shown or hidden by the toggle only */
      if (x.day0 === null || x.day0 === undefined) { undated.push(x); return; }
      days[x.day0] = true;
      days[x.day1] = true;
      lo = lo === null ? x.day0 : Math.min(lo, x.day0);
      hi = hi === null ? x.day1 : Math.max(hi, x.day1);
    });
    var dated = Object.keys(days).length > 1;
    if (!dated && !background) { return null; }
    return {lo: lo, hi: hi, dated: dated, background: background, undated: undated, markers: incidents.length};
  }

  /* state: {from, to, background}; apply(state) redraws the markers. Returns the Leaflet control. */
  function control(info, apply) {
    var state = {from: info.lo, to: info.hi, background: true}, timer = null;
    var ctl = L.control({position: "bottomleft"});
    ctl.state = state;
    ctl.onAdd = function () {
      var div = el("div", "gm-time leaflet-bar");
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var range = null, from = null, to = null, play = null;
      var queued = false;
      function redraw() {  /* at most once a frame: a dragged slider fires many input events */
        if (queued) { return; }
        queued = true;
        var run = function () { queued = false; apply(state); };
        if (window.requestAnimationFrame) { window.requestAnimationFrame(run); } else { setTimeout(run, 16); }
      }
      function show(now) {
        if (range) { range.textContent = iso(state.from) + (state.to !== state.from ? " \u2013 " + iso(state.to) : ""); }
        if (now === true) { apply(state); } else if (now !== false) { redraw(); }
      }
      /* many markers: redraw when the slider is let go (each redraw re-clusters them all) */
      var liveEvent = info.markers > LIVE_MAX ? "change" : "input";
      function stop() {
        if (timer) { clearInterval(timer); timer = null; }
        if (play) { play.textContent = "\u25b6 Play"; }
      }
      if (info.dated) {
        div.appendChild(el("div", "gm-time-head", "Incident dates"));
        range = div.appendChild(el("div", "gm-time-range"));
        from = div.appendChild(slider("gm-time-from", info.lo, info.hi, info.lo, "first day shown"));
        to = div.appendChild(slider("gm-time-to", info.lo, info.hi, info.hi, "last day shown"));
        var onFrom = function (e) {
          state.from = +from.value;
          if (state.to < state.from) { state.to = state.from; to.value = state.to; }
          show(e.type === liveEvent ? undefined : false);
        };
        var onTo = function (e) {
          state.to = +to.value;
          if (state.from > state.to) { state.from = state.to; from.value = state.from; }
          show(e.type === liveEvent ? undefined : false);
        };
        ["input", "change"].forEach(function (type) {
          from.addEventListener(type, onFrom);
          to.addEventListener(type, onTo);
        });
        play = div.appendChild(el("button", "gm-time-play", "\u25b6 Play"));
        play.type = "button";
        play.addEventListener("click", function () {
          if (timer) { stop(); return; }
          var width = state.to - state.from;
          if (width >= info.hi - info.lo) { width = 0; }  /* the whole range: play it day by day */
          var step = Math.max(1, Math.round((info.hi - info.lo) / 30));
          state.from = info.lo;
          state.to = info.lo + width;
          play.textContent = "\u275a\u275a Pause";
          var tick = function () {
            from.value = state.from;
            to.value = state.to;
            show(true);
            if (state.to >= info.hi) { stop(); return; }
            state.from += step;
            state.to = Math.min(info.hi, state.to + step);
          };
          tick();
          timer = setInterval(tick, TICK_MS);
        });
      }
      if (info.background) {
        var lab = div.appendChild(el("label", "gm-time-background"));
        var box = lab.appendChild(el("input"));
        box.type = "checkbox";
        box.checked = true;
        lab.appendChild(document.createTextNode(" background incidents (" + info.background + ")"));
        box.addEventListener("change", function () { state.background = box.checked; apply(state); });
      }
      if (info.dated && info.undated.length) {
        var u = div.appendChild(el("details", "gm-time-undated"));
        u.appendChild(el("summary", null, "Undated, always shown (" + info.undated.length + ")"));
        var list = u.appendChild(el("ul"));
        info.undated.slice(0, 30).forEach(function (x) {
          list.appendChild(el("li", null, [x.type.replace(/_/g, " "), x.place].filter(Boolean).join(" \u2013 ")));
        });
      }
      show(true);
      return div;
    };
    return ctl;
  }

  /* Is incident x shown under state? */
  function shows(x, state) {
    if (!state) { return true; }
    if (x.background) { return state.background; }
    if (x.day0 === null || x.day0 === undefined || state.from === null) { return true; }
    return x.day1 >= state.from && x.day0 <= state.to;
  }

  window.GeoMapTime = {summary: summary, control: control, shows: shows, iso: iso};
}());
