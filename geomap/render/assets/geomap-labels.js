/* geomap map labels (part of geomap, MIT): names that never cover each other or the markers.
 *
 * Each label has a point, a text, a priority and the radius of the marker it names. After every
 * move or zoom the labels are placed again, highest priority first, at the first of a few spots
 * around their point (right, left, above, below) where the label's box touches no label already
 * placed and no marker (every marker icon and cluster on the map, and the claims' circles); a label
 * with no free spot is hidden (its marker still names itself on hover). Texts are set with textContent: nothing from an article is parsed as HTML.
 */
(function () {
  "use strict";
  if (window.GeoMapLabels) { return; }

  var GAP = 3;

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  function free(box, taken) {
    for (var i = 0; i < taken.length; i++) {
      if (overlaps(box, taken[i])) { return false; }
    }
    return true;
  }

  /* Candidate top-left corners for a w x h label around point p with a marker of radius r. */
  function spots(p, r, w, h, centred) {
    var out = [];
    if (centred) { out.push({x: p.x - w / 2, y: p.y - h / 2}); }
    [GAP, 4 * GAP].forEach(function (gap) {  /* close to the point, then a little further out */
      out.push({x: p.x + r + gap, y: p.y - h / 2});
      out.push({x: p.x - r - gap - w, y: p.y - h / 2});
      out.push({x: p.x - w / 2, y: p.y - r - gap - h});
      out.push({x: p.x - w / 2, y: p.y + r + gap});
    });
    return out;
  }

  /* The radius a label keeps clear of its point: its own marker's, or a larger marker's drawn on it. */
  function reach(p, r, taken) {
    for (var i = 0; i < taken.length; i++) {
      var t = taken[i];
      if (t.r !== undefined && Math.abs(t.cx - p.x) <= 3 && Math.abs(t.cy - p.y) <= 3) { r = Math.max(r, t.r); }
    }
    return r;
  }

  function Labels(map) {
    this.map = map;
    this.items = [];
    this.obstacles = [];  /* functions returning [latlng, radius] or null (marker hidden) */
    var pane = map.getPane("gmLabels") || map.createPane("gmLabels");
    pane.style.zIndex = 640;  /* above markers (600), under tooltips (650) and popups (700) */
    pane.style.pointerEvents = "none";
    this.pane = pane;
    var self = this;
    map.on("zoomend moveend resize", function () { self.schedule(); });
  }

  /* item: {lat, lon, text, cls, priority, radius, minZoom, centred, visible(), dot} */
  Labels.prototype.add = function (item) {
    item.el = null;
    this.items.push(item);
    return item;
  };

  Labels.prototype.obstacle = function (fn) { this.obstacles.push(fn); };

  Labels.prototype._element = function (item) {
    if (item.el && !item.w) {  /* measured while the map was hidden (a closed tab, a collapsed cell): again */
      item.el.style.display = "";
      item.w = item.el.offsetWidth;
      item.h = item.el.offsetHeight;
    }
    if (!item.el) {
      var e = document.createElement("div");
      e.className = "gm-maplabel " + (item.cls || "");
      e.textContent = item.text;
      e.style.visibility = "hidden";
      this.pane.appendChild(e);
      item.w = e.offsetWidth;
      item.h = e.offsetHeight;
      item.el = e;
      if (item.dot) {
        var d = document.createElement("div");
        d.className = "gm-town-dot";
        this.pane.appendChild(d);
        item.dotEl = d;
      }
    }
    return item.el;
  };

  function hide(item) {
    if (item.el) { item.el.style.display = "none"; }
    if (item.dotEl) { item.dotEl.style.display = "none"; }
    item.shown = false;
  }

  /* Every marker icon on the map (incidents, places, clusters) as a box in container pixels. */
  function iconBoxes(map) {
    var box = map.getContainer().getBoundingClientRect(), out = [];
    var icons = map.getContainer().querySelectorAll(".leaflet-marker-icon");
    for (var i = 0; i < icons.length; i++) {
      var r = icons[i].getBoundingClientRect();
      if (!r.width || !r.height) { continue; }
      var x = r.left - box.left, y = r.top - box.top;
      out.push({x: x, y: y, w: r.width, h: r.height, cx: x + r.width / 2, cy: y + r.height / 2,
        r: Math.max(r.width, r.height) / 2});
    }
    return out;
  }

  /* Place the labels again once the map has settled (marker clusters redraw on the same events). */
  Labels.prototype.schedule = function () {
    var self = this;
    if (self.pending) { return; }
    self.pending = true;
    var run = function () { self.pending = false; self.update(); };
    if (window.requestAnimationFrame) { window.requestAnimationFrame(run); } else { setTimeout(run, 16); }
  };

  Labels.prototype.update = function () {
    var map = this.map, zoom = map.getZoom(), size = map.getSize(), taken = iconBoxes(map);
    this.obstacles.forEach(function (fn) {
      var o = fn();
      if (!o) { return; }
      var p = map.latLngToContainerPoint(o[0]);
      taken.push({x: p.x - o[1], y: p.y - o[1], w: 2 * o[1], h: 2 * o[1], cx: p.x, cy: p.y, r: o[1]});
    });
    var order = this.items.slice().sort(function (a, b) { return b.priority - a.priority; });
    for (var i = 0; i < order.length; i++) {
      var item = order[i];
      if ((item.minZoom && zoom < item.minZoom) || (item.visible && !item.visible())) { hide(item); continue; }
      var p = map.latLngToContainerPoint([item.lat, item.lon]);
      if (p.x < -50 || p.y < -50 || p.x > size.x + 50 || p.y > size.y + 50) { hide(item); continue; }
      var dotBox = item.dot ? {x: p.x - 2, y: p.y - 2, w: 4, h: 4} : null;
      if (dotBox && !free(dotBox, taken)) { hide(item); continue; }
      var el = this._element(item), placed = null, cands = spots(p, reach(p, item.radius || 0, taken), item.w, item.h,
        item.centred);
      for (var k = 0; k < cands.length && !placed; k++) {
        var box = {x: cands[k].x, y: cands[k].y, w: item.w, h: item.h};
        if (free(box, taken)) { placed = box; }
      }
      if (!placed) { hide(item); continue; }
      taken.push(placed);
      if (dotBox) { taken.push(dotBox); }
      var at = map.containerPointToLayerPoint([placed.x, placed.y]);
      L.DomUtil.setPosition(el, at);
      el.style.display = "";
      el.style.visibility = "visible";
      if (item.dotEl) {
        L.DomUtil.setPosition(item.dotEl, map.containerPointToLayerPoint([p.x - 2, p.y - 2]));
        item.dotEl.style.display = "";
      }
      item.shown = true;
    }
  };

  window.GeoMapLabels = Labels;
}());
