/* geomap map script (part of geomap, MIT): draws a geomap map payload with Leaflet.
 *
 * Every text that comes from an analysed document is put into the page with textContent, never as
 * HTML, so an article cannot inject markup or script. One page may hold several maps: each is drawn
 * from its own JSON script element (id "ID-data") into the div of id "ID", and registered in
 * GeoMap.maps[ID] (used by reports to link place names to markers, and by the browser tests).
 */
(function () {
  "use strict";
  if (window.GeoMap) { return; }

  var TILES = {
    osm: {
      url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png", label: "OpenStreetMap tiles",
      options: {maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"}
    },
    positron: {
      url: "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png", label: "CARTO light tiles",
      options: {maxZoom: 20, subdomains: "abcd", attribution: "&copy; OpenStreetMap contributors &copy; CARTO"}
    }
  };

  var DIVISIONS_ZOOM = 6;

  /* ACLED's geo_precision codes, as the incident extractor uses them */
  var GEO_PRECISION = {1: "the town itself", 2: "near the town / part of a region", 3: "a larger region"};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function add(parent, child) { parent.appendChild(child); return child; }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function colour(c) { return /^#[0-9a-fA-F]{6}$/.test(c || "") ? c : "#666666"; }

  function present(v) { return v !== undefined && v !== null && v !== ""; }

  function km(x) { return x < 100 ? x.toFixed(1) + " km" : Math.round(x) + " km"; }

  function field(box, label, value) {
    if (!present(value)) { return; }
    var row = add(box, el("div", "gm-field"));
    add(row, el("span", "gm-label", label + ": "));
    add(row, el("span", "gm-value", value));
  }

  function quote(box, text) {
    if (present(text)) { add(box, el("blockquote", "gm-quote", text)); }
  }

  function docLine(data, index) {
    var d = data.docs[index];
    if (!d) { return null; }
    return [d.title || d.id, d.source, d.date].filter(present).join(" \u00b7 ");
  }

  function box(kind, title) {
    var b = el("div", "gm-popup gm-popup-" + kind);
    add(b, el("div", "gm-popup-title", title));
    return b;
  }

  function placePopup(data, p) {
    var b = box("place", p.name);
    var seen = p.texts.length ? p.texts.join(", ") : null;
    field(b, "Mentioned as", seen ? seen + (p.mentions > 1 ? " (" + p.mentions + "\u00d7)" : "") : null);
    field(b, "Kind", [p.feature, p.admin1, p.country_code].filter(present).join(", "));
    field(b, "Coordinates", p.lat.toFixed(4) + ", " + p.lon.toFixed(4));
    quote(b, p.sentence);
    p.docs.slice(0, 3).forEach(function (i) { field(b, "Source", docLine(data, i)); });
    return b;
  }

  function incidentPopup(data, x) {
    var b = box("incident", [x.type.replace(/_/g, " "), x.sub_type].filter(present).join(" \u2013 "));
    field(b, "Place", x.place);
    field(b, "Date", x.date && x.date_end && x.date_end !== x.date ? x.date + " \u2013 " + x.date_end : (x.date || x.date_text));
    field(b, "Background", x.background ? "mentioned as earlier context" : null);
    var cas = [];
    if (x.killed !== null) { cas.push(x.killed + " killed"); }
    if (x.injured !== null) { cas.push(x.injured + " injured"); }
    field(b, "Casualties", cas.length ? cas.join(", ") : x.casualties_text);
    field(b, "Status", x.status && x.status !== "past" ? x.status : null);
    field(b, "Location precision", GEO_PRECISION[x.geo_precision] || null);
    field(b, "Actors", x.actors.join(", "));
    field(b, "Flags", x.flags.join(", "));
    quote(b, x.sentence);
    if (x.sources && x.sources.length > 1) {
      sourcesList(b, data, x.sources);
    } else {
      field(b, "Source", docLine(data, x.doc));
    }
    return b;
  }

  /* A merged incident: each report's document, its own date, place and figures, and its sentence. */
  function sourcesList(b, data, sources) {
    add(b, el("div", "gm-label gm-sources-head", "Reported by " + sources.length + " documents:"));
    var list = add(b, el("ol", "gm-sources"));
    sources.forEach(function (s) {
      var item = add(list, el("li", "gm-source"));
      var figures = [];
      if (s.killed !== null) { figures.push(s.killed + " killed"); }
      if (s.injured !== null) { figures.push(s.injured + " injured"); }
      var head = [(s.doc !== null && docLine(data, s.doc)) || s.document, s.place, s.date, figures.join(", ")];
      add(item, el("div", "gm-value", head.filter(present).join(" \u00b7 ")));
      quote(item, s.text);
    });
  }

  function claimPopup(data, c) {
    var b = box("claim", "Claim: " + c.verdict);
    b.querySelector(".gm-popup-title").style.color = colour(c.color);
    quote(b, c.text);
    add(b, el("div", "gm-claim-figures", c.label));
    field(b, "Subject", c.subject && c.subject.name);
    field(b, "Reference", c.ref && [c.ref.name, c.ref.kind].filter(present).join(" \u2013 "));
    field(b, "Tolerance", c.tolerance_km !== null ? "\u00b1" + km(c.tolerance_km) : null);
    field(b, "Why", c.reason);
    field(b, "Measured on", c.data);
    field(b, "Source", docLine(data, c.doc));
    return b;
  }

  function tooltip(text) { return function () { return el("span", null, text); }; }

  function placeCluster(cluster) {
    var n = cluster.getChildCount();
    return L.divIcon({html: "<div><span>" + n + "</span></div>", className: "marker-cluster gm-cluster-places",
      iconSize: L.point(36, 36)});
  }

  function group(n, threshold, onClustered, places) {
    if (n >= threshold && L.MarkerClusterGroup) {
      /* incidents often share a town's point: clusters down to the last zoom, then spiderfied */
      var opts = {chunkedLoading: true, chunkInterval: 400, chunkDelay: 10, showCoverageOnHover: false, maxClusterRadius: 50,
        chunkProgress: onClustered()};
      if (places) { opts.iconCreateFunction = placeCluster; }
      return L.markerClusterGroup(opts);
    }
    return L.featureGroup();
  }

  function incidentIcon(x) {
    var s = Math.max(12, Math.min(48, x.size | 0));
    return L.divIcon({
      className: "gm-incident",
      html: "<span class=\"gm-dot\" style=\"background:" + colour(x.color) + ";width:" + s + "px;height:" + s +
        "px;line-height:" + (s - 4) + "px\">" + esc(x.glyph) + "</span>",
      iconSize: [s, s], iconAnchor: [s / 2, s / 2], popupAnchor: [0, -s / 2], tooltipAnchor: [s / 2, 0]
    });
  }

  var PLACE_ICON = null;

  function placeIcon() {
    if (!PLACE_ICON) {
      PLACE_ICON = L.divIcon({className: "gm-place", html: "<span class=\"gm-pin\"></span>",
        iconSize: [14, 14], iconAnchor: [7, 7], popupAnchor: [0, -7], tooltipAnchor: [7, 0]});
    }
    return PLACE_ICON;
  }

  function legendControl(data, root) {
    var ctl = L.control({position: "bottomright"});
    ctl.onAdd = function () {
      var div = el("div", "gm-legend leaflet-bar");
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      if (data.title) { add(div, el("div", "gm-legend-title", data.title)); }
      if (data.types.length) {
        add(div, el("div", "gm-legend-head", "Incidents (size: casualties)"));
        data.types.forEach(function (t) {
          var row = add(div, el("div", "gm-legend-row"));
          var dot = add(row, el("span", "gm-dot gm-dot-small", t.glyph));
          dot.style.background = colour(t.color);
          add(row, el("span", null, t.label + " (" + t.count + ")"));
        });
      }
      if (data.places.length) {
        var prow = add(div, el("div", "gm-legend-row"));
        add(prow, el("span", "gm-pin"));
        add(prow, el("span", null, "Places (" + data.places.length + ")"));
      }
      if (data.claims.length) {
        add(div, el("div", "gm-legend-head", "Claims (ring: claimed distance)"));
        Object.keys(data.verdicts).forEach(function (v) {
          var n = data.claims.filter(function (c) { return c.verdict === v; }).length;
          if (!n) { return; }
          var row = add(div, el("div", "gm-legend-row"));
          var line = add(row, el("span", "gm-line"));
          line.style.background = colour(data.verdicts[v]);
          add(row, el("span", null, v + " (" + n + ")"));
        });
      }
      var u = data.unlocated, missing = [];
      if (u.places.length) {
        missing.push(u.places.length + " place(s): " + u.places.slice(0, 8).join(", ") + (u.places.length > 8 ? ", \u2026" : ""));
      }
      if (u.incidents) { missing.push(u.incidents + " incident(s)"); }
      if (u.claims) { missing.push(u.claims + " claim(s)"); }
      if (missing.length) { add(div, el("div", "gm-legend-missing", "Not on the map (no coordinates): " + missing.join("; "))); }
      return div;
    };
    return ctl;
  }

  /* Town-scale context under the data: the 1:10m land of the area around the view (over a sea-coloured
     box hiding the coarse world outlines there) and the names of its towns, larger towns first. */
  function drawContext(map, ctx, labels, outlines) {
    var towns = L.layerGroup().addTo(map);  /* holds nothing: its switch shows or hides the town names */
    var r = ctx.region;
    outlines.addLayer(L.rectangle([[r[1], r[0]], [r[3], r[2]]], {pane: "gmBasemap", interactive: false, stroke: false,
      fillColor: "#d6e4ee", fillOpacity: 1, className: "gm-context-sea"}));
    outlines.addLayer(L.geoJSON({type: "Feature", properties: {}, geometry: ctx.land}, {pane: "gmBasemap",
      interactive: false, style: {className: "gm-outline gm-outline-detail", color: "#8b9099", weight: 0.9,
        fillColor: "#f4f1e8", fillOpacity: 1}}));
    if (ctx.divisions && ctx.divisions.coordinates.length) {
      /* division lines from zoom 6 on: below that they only blur the country borders */
      var divisions = L.geoJSON({type: "Feature", properties: {}, geometry: ctx.divisions}, {pane: "gmBasemap",
        interactive: false, style: {className: "gm-division", color: "#a8a29e", weight: 0.8, dashArray: "4 3"}});
      var showDivisions = function () {
        if (map.getZoom() >= DIVISIONS_ZOOM) { outlines.addLayer(divisions); } else { outlines.removeLayer(divisions); }
      };
      map.on("zoomend", showDivisions);
      map.whenReady(showDivisions);
    }
    ctx.towns.forEach(function (t) {
      var pop = t[3];
      var minZoom = pop >= 1000000 ? 4 : pop >= 300000 ? 6 : pop >= 100000 ? 7 : pop >= 40000 ? 8 : 9;
      if (t[4]) { minZoom = Math.min(minZoom, 5); }
      labels.add({lat: t[1], lon: t[2], text: t[0], cls: "gm-maplabel-town" + (pop >= 1000000 || t[4] ? " gm-town-major" : ""),
        priority: Math.log(pop + 1), radius: 2, minZoom: minZoom, dot: true,
        visible: function () { return map.hasLayer(towns); }});
    });
    map.attributionControl.addAttribution("Towns: GeoNames");
    return towns;
  }

  /* Incident markers (clustered when many), one label per incident place (when not clustered), and the
     time filter (see geomap-time.js) that shows only the incidents of the chosen dates. */
  function drawIncidents(map, data, reg, ctx) {
    var ig = ctx.group(data.incidents.length), im = [], labels = ctx.labels;
    var clustered = !!ig.addLayers, byPlace = {};
    data.incidents.forEach(function (x) {
      var m = L.marker([x.lat, x.lon], {icon: incidentIcon(x), riseOnHover: true})
        .bindTooltip(tooltip([x.type.replace(/_/g, " "), x.place].filter(present).join(" \u2013 ")), {direction: "right"})
        .bindPopup(function () { return incidentPopup(data, x); }, {maxWidth: 340});
      im.push(m);
      if (clustered) { return; }
      var r = Math.max(12, Math.min(48, x.size | 0)) / 2 + 1;
      var key = x.lat.toFixed(4) + "," + x.lon.toFixed(4);
      if (present(x.place) && !byPlace[key]) { byPlace[key] = {x: x, markers: [], radius: r}; }
      if (byPlace[key]) { byPlace[key].markers.push(m); byPlace[key].radius = Math.max(byPlace[key].radius, r); }
    });
    reg.incidents = im;
    Object.keys(byPlace).forEach(function (k) {
      var e = byPlace[k];
      var own = data.places.some(function (p) {
        return Math.abs(p.lat - e.x.lat) < 1e-3 && Math.abs(p.lon - e.x.lon) < 1e-3;
      });
      if (own && !(data.places.length >= (data.options.clusterAt || 40))) { return; }  /* the place's label names it */
      ctx.named[String(e.x.place).toLowerCase()] = true;
      labels.add({lat: e.x.lat, lon: e.x.lon, text: e.x.place, cls: "gm-maplabel-place", priority: 500, radius: e.radius,
        visible: function () { return map.hasLayer(ig) && e.markers.some(function (m) { return ig.hasLayer(m); }); }});
    });
    var shown = im.slice();
    reg.filter = function (state) {
      var keep = [];
      data.incidents.forEach(function (x, n) { if (window.GeoMapTime.shows(x, state)) { keep.push(im[n]); } });
      if (keep.length === shown.length && keep.every(function (m, n) { return m === shown[n]; })) { return; }
      shown = keep;
      ig.clearLayers();
      if (ig.addLayers) { ig.addLayers(keep); } else { keep.forEach(function (m) { ig.addLayer(m); }); }
      reg.shown = keep.length;
      labels.update();  /* now for the markers added at once; again when clusters have redrawn */
      labels.schedule();
    };
    reg.shown = im.length;
    if (ig.addLayers) { ig.addLayers(im); } else { im.forEach(function (m) { ig.addLayer(m); }); }
    ig.addTo(map);
    ctx.overlays["Incidents (" + data.incidents.length + ")"] = ig;
    reg.layers.incidents = ig;
    var info = window.GeoMapTime.summary(data.incidents);
    if (info) {
      reg.time = window.GeoMapTime.control(info, function (state) { reg.filter(state); });
      reg.time.addTo(map);
    }
  }

  /* Open on the story (see geomap/render/view.py): a lone point at a town's zoom, otherwise fitted. */
  function fitView(map, view) {
    if (!view) { map.setView([20, 0], 2); return; }
    var b = view.bounds;
    if (b[0][0] === b[1][0] && b[0][1] === b[1][1]) {
      map.setView(b[0], view.pointZoom || 9);
    } else {
      map.fitBounds(b, {padding: [60, 60], maxZoom: view.maxZoom || 11});
    }
  }

  function render(id) {
    try {
      return draw(id);
    } catch (err) {
      var root = document.getElementById(id);
      if (root) { root.setAttribute("data-state", "error"); }
      throw err;
    }
  }

  function draw(id) {
    var root = document.getElementById(id);
    var holder = document.getElementById(id + "-data");
    if (!root || !holder) { return null; }
    var data = JSON.parse(holder.textContent);
    var canvas = root.querySelector(".gm-canvas") || root;
    if (typeof L === "undefined") {
      add(canvas, el("p", "gm-error", "The map library could not be loaded (a --cdn map needs the network)."));
      root.setAttribute("data-state", "no-library");
      return null;
    }
    var map = L.map(canvas, {worldCopyJump: true, zoomSnap: 0.5, minZoom: 1, maxZoom: 18});
    var reg = {map: map, data: data, layers: {}, places: {}, incidents: [], claims: []};
    GeoMap.maps[id] = reg;

    map.createPane("gmBasemap").style.zIndex = 150;  /* under the tiles: seen wherever tiles fail */
    var outlines = L.geoJSON(window.GeoMapBasemap || {type: "FeatureCollection", features: []}, {
      pane: "gmBasemap", interactive: false,
      style: {className: "gm-outline", color: "#8b9099", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1}
    }).addTo(map);
    map.attributionControl.addAttribution("Outlines: Natural Earth");
    reg.layers.outlines = outlines;
    var labels = new window.GeoMapLabels(map);
    reg.labels = labels;
    var towns = data.context ? drawContext(map, data.context, labels, outlines) : null;

    var bases = {};
    var t = TILES[data.options.tiles];
    if (t) {
      var tiles = L.tileLayer(t.url, t.options).addTo(map);
      bases[t.label] = tiles;
      bases["Country outlines only"] = L.layerGroup();
      reg.layers.tiles = tiles;
    }
    var overlays = {};
    var threshold = data.options.clusterAt || 40;
    /* "ready" once everything is drawn, clusters included (they are built in chunks, asynchronously) */
    var pending = 0, drawnSync = false;
    function done() {
      if (drawnSync && pending === 0 && root.getAttribute("data-state") !== "ready") {
        reg.readyAt = window.performance ? performance.now() : null;  /* ms since navigation: benchmarks */
        if (reg.labels) { reg.labels.update(); }  /* clusters are drawn now: keep labels off them */
        root.setAttribute("data-state", "ready");
      }
    }
    function onClustered() {
      var fired = false;
      pending += 1;
      return function (processed, total) {
        if (!fired && processed >= total) { fired = true; pending -= 1; done(); }
      };
    }

    if (data.claims.length) {
      var cg = L.featureGroup();
      data.claims.forEach(function (c) {
        var col = colour(c.color), s = [c.subject.lat, c.subject.lon];
        var popup = function () { return claimPopup(data, c); };
        var parts = [];
        var radii = [c.claimed_km, c.claimed_min_km, c.claimed_max_km].filter(function (r, i, all) {
          return r !== null && r > 0 && all.indexOf(r) === i;
        });
        radii.forEach(function (r, i) {
          parts.push(L.circle(s, {radius: r * 1000, color: col, weight: i === 0 ? 2 : 1, opacity: 0.8,
            fill: i === 0, fillOpacity: 0.04, dashArray: "5 5", className: "gm-claim-ring"}));
        });
        var end = c.measured_to || (c.ref && c.ref.lat !== null ? c.ref : null), at = s;
        if (end) {
          var line = L.polyline([s, [end.lat, end.lon]], {color: col, weight: 3, className: "gm-claim-line",
            dashArray: c.verdict === "unverifiable" ? "2 6" : null});
          parts.push(line);
          var refName = (c.measured_to && c.measured_to.name) || (c.ref && c.ref.name) || "reference";
          var refMark = L.circleMarker([end.lat, end.lon], {radius: 5, color: col, weight: 2, fillColor: "#ffffff",
            fillOpacity: 1, className: "gm-claim-ref"}).bindTooltip(tooltip(refName));
          parts.push(refMark);
          line.bindTooltip(tooltip(c.label), {sticky: true, className: "gm-claim-tip"});
          at = [(s[0] + end.lat) / 2, (s[1] + end.lon) / 2];
          labels.obstacle(function () { return map.hasLayer(refMark) ? [refMark.getLatLng(), 6] : null; });
          labels.add({lat: end.lat, lon: end.lon, text: refName, cls: "gm-maplabel-ref", priority: 250, radius: 6,
            visible: function () { return map.hasLayer(cg); }});
        }
        var placed = data.places.some(function (p) {
          return Math.abs(p.lat - s[0]) < 1e-3 && Math.abs(p.lon - s[1]) < 1e-3;
        });
        if (!placed && present(c.subject.name)) {  /* a place's own label already names the subject */
          labels.add({lat: s[0], lon: s[1], text: c.subject.name, cls: "gm-maplabel-place", priority: 450, radius: 9,
            visible: function () { return map.hasLayer(cg); }});
        }
        var subj = L.circleMarker(s, {radius: 8, color: "#ffffff", weight: 2, fillColor: col, fillOpacity: 1,
          className: "gm-claim-subject"});
        parts.push(subj);
        subj.bindTooltip(tooltip((c.subject.name || "subject") + ": " + c.label));
        labels.obstacle(function () { return map.hasLayer(subj) ? [subj.getLatLng(), 9] : null; });
        /* the figures, beside the line's middle (or the subject); hidden where they would cover another label */
        labels.add({lat: at[0], lon: at[1], text: c.label, cls: "gm-maplabel-claim", priority: 1000 - reg.claims.length,
          radius: end ? 0 : 9, centred: !!end, visible: function () { return map.hasLayer(cg); }});
        parts.forEach(function (p) { p.bindPopup(popup, {maxWidth: 340}); cg.addLayer(p); });
        reg.claims.push(subj);
      });
      cg.addTo(map);
      overlays["Claims (" + data.claims.length + ")"] = cg;
      reg.layers.claims = cg;
    }

    var named = {};  /* lower-case names already labelled: the basemap's towns skip them */
    if (data.places.length) {
      var pg = group(data.places.length, threshold, onClustered, true);
      var pm = [], clusteredPlaces = !!pg.addLayers;
      data.places.forEach(function (p) {
        var m = L.marker([p.lat, p.lon], {icon: placeIcon(), riseOnHover: true})
          .bindTooltip(tooltip(p.name), {direction: "right"})
          .bindPopup(function () { return placePopup(data, p); }, {maxWidth: 320});
        reg.places[p.key] = m;
        pm.push(m);
        if (!clusteredPlaces) {
          var coarse = p.feature === "country" || p.feature === "continent";
          labels.add({lat: p.lat, lon: p.lon, text: p.name, cls: "gm-maplabel-place",
            priority: (coarse ? 100 : 300) + Math.min(50, p.mentions), radius: 8,
            visible: function () { return map.hasLayer(m); }});
          named[String(p.name).toLowerCase()] = true;
        }
      });
      if (pg.addLayers) { pg.addLayers(pm); } else { pm.forEach(function (m) { pg.addLayer(m); }); }
      pg.addTo(map);
      overlays["Places (" + data.places.length + ")"] = pg;
      reg.layers.places = pg;
    }

    if (data.incidents.length) {
      drawIncidents(map, data, reg, {labels: labels, named: named, overlays: overlays, group: function (n) {
        return group(n, threshold, onClustered);
      }});
    }

    overlays["Country outlines"] = outlines;
    if (towns) { overlays["Town names"] = towns; reg.layers.towns = towns; }
    L.control.layers(bases, overlays, {collapsed: canvas.clientWidth < 1000}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    legendControl(data, root).addTo(map);

    fitView(map, data.view);
    map.on("overlayadd overlayremove", function () { labels.update(); });
    labels.update();
    drawnSync = true;
    done();
    return reg;
  }

  /* Show a marker and open its popup: key "p.." is a place, "i<n>" the n-th incident, "c<n>" the n-th claim. */
  function focus(id, key) {
    var reg = GeoMap.maps[id];
    if (!reg || typeof key !== "string") { return false; }
    var m, g;
    if (key.charAt(0) === "i") {
      m = reg.incidents[+key.slice(1)];
      g = reg.layers.incidents;
    } else if (key.charAt(0) === "c") {
      m = reg.claims[+key.slice(1)];
      g = reg.layers.claims;
    } else {
      m = reg.places[key];
      g = reg.layers.places;
    }
    if (!m || !g) { return false; }
    if (!reg.map.hasLayer(g)) { reg.map.addLayer(g); }
    if (g.zoomToShowLayer) {
      g.zoomToShowLayer(m, function () { m.openPopup(); });
    } else {
      reg.map.setView(m.getLatLng(), Math.max(reg.map.getZoom(), 7));
      m.openPopup();
    }
    return true;
  }

  window.GeoMap = {maps: {}, render: render, focus: focus, escape: esc};
}());
