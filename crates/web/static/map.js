// motcua's map: enhances the place-report pages when JavaScript runs. Every page works without
// it (a table, a form with a ward and coordinates); this script adds the map, lets a click or
// "use my location" fill the coordinates, and offers nearby reports as the person types.
// Tiles come from motcua itself (/ban-do/o/…), or a plain grid is drawn: no request leaves
// the server's own origin.
(function () {
  'use strict';
  var el = document.querySelector('[data-map]');
  if (!el || typeof L === 'undefined') { return; }
  var mode = el.getAttribute('data-map');
  el.hidden = false;
  var map = L.map(el, { attributionControl: true });
  map.attributionControl.setPrefix('Leaflet');
  var start = [parseFloat(el.getAttribute('data-lat')) || 9.285, parseFloat(el.getAttribute('data-lon')) || 105.74];
  map.setView(start, parseInt(el.getAttribute('data-zoom') || '13', 10));

  // A grid drawn in the browser, when the province supplied no tiles.
  var Grid = L.GridLayer.extend({
    createTile: function () {
      var c = document.createElement('canvas');
      var s = this.getTileSize();
      c.width = s.x; c.height = s.y;
      var g = c.getContext('2d');
      g.fillStyle = '#f4f6f8'; g.fillRect(0, 0, s.x, s.y);
      g.strokeStyle = '#d5dbe1'; g.strokeRect(0, 0, s.x, s.y);
      return c;
    }
  });

  fetch('/ban-do/thong-tin.json').then(function (r) { return r.json(); }).then(function (info) {
    if (info.tiles) {
      var a = info.archive;
      // Beyond the archive's last zoom its tiles are enlarged rather than left blank.
      L.tileLayer('/ban-do/o/{z}/{x}/{y}', { minZoom: a.min_zoom, maxNativeZoom: a.max_zoom, maxZoom: 19, attribution: a.attribution }).addTo(map);
    } else {
      new Grid({ attribution: el.getAttribute('data-msg-grid') || '' }).addTo(map);
    }
  });
  fetch('/phan-anh/ranh-gioi.json').then(function (r) { return r.json(); }).then(function (gj) {
    var layer = L.geoJSON(gj, {
      style: { color: '#0b5394', weight: 2, fillOpacity: 0.04 },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
    }).addTo(map);
    if (mode === 'list' && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
  });

  function link(code, title) {
    var a = document.createElement('a');
    a.href = '/phan-anh/' + encodeURIComponent(code);
    a.textContent = code + ' · ' + title;
    return a;
  }

  if (mode === 'list') {
    document.querySelectorAll('tr[data-lat]').forEach(function (tr) {
      var m = L.marker([parseFloat(tr.getAttribute('data-lat')), parseFloat(tr.getAttribute('data-lon'))]).addTo(map);
      m.bindPopup(link(tr.getAttribute('data-code'), tr.getAttribute('data-title')));
    });
  }
  if (mode === 'report') {
    L.marker(start).addTo(map);
    map.setView(start, 16);
  }
  if (mode === 'form') {
    var lat = document.getElementById('lat');
    var lon = document.getElementById('lon');
    var category = document.getElementById('category');
    var live = document.getElementById('report-nearby-live');
    var marker = null;
    var hint = document.getElementById('report-map-hint');
    if (hint) { hint.hidden = false; }
    var place = function (ll, zoom) {
      lat.value = ll.lat.toFixed(6);
      lon.value = ll.lng.toFixed(6);
      if (marker) { marker.setLatLng(ll); } else { marker = L.marker(ll).addTo(map); }
      if (zoom) { map.setView(ll, zoom); }
      nearby();
    };
    if (lat.value && lon.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), 16); }
    map.on('click', function (e) { place(e.latlng); });
    var locate = document.getElementById('report-locate');
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener('click', function () {
        navigator.geolocation.getCurrentPosition(function (p) {
          place(L.latLng(p.coords.latitude, p.coords.longitude), 17);
        }, function () { locate.textContent = locate.getAttribute('data-msg-failed'); });
      });
    }
    // "Is it one of these?": the open reports of the category within 250 m, as soon as both
    // are known.
    var nearby = function () {
      if (!live || !category.value || !lat.value || !lon.value) { return; }
      var q = '?category=' + encodeURIComponent(category.value) + '&lat=' + encodeURIComponent(lat.value) + '&lon=' + encodeURIComponent(lon.value);
      fetch('/phan-anh/gan-day' + q).then(function (r) { return r.ok ? r.json() : []; }).then(function (list) {
        live.textContent = '';
        if (!list.length) { return; }
        var h = document.createElement('p');
        h.textContent = live.getAttribute('data-msg-title');
        live.appendChild(h);
        var ul = document.createElement('ul');
        list.forEach(function (r) {
          var li = document.createElement('li');
          li.appendChild(link(r.code, r.title));
          li.appendChild(document.createTextNode(' · ' + r.distance_m + ' m'));
          ul.appendChild(li);
        });
        live.appendChild(ul);
      });
    };
    // Only the chosen category's questions are shown and sent.
    var questions = function () {
      document.querySelectorAll('fieldset.questions').forEach(function (f) {
        var on = f.getAttribute('data-category') === category.value;
        f.hidden = !on;
        f.querySelectorAll('input, select, textarea').forEach(function (i) { i.disabled = !on; });
      });
    };
    questions();
    category.addEventListener('change', questions);
    category.addEventListener('change', nearby);
    lat.addEventListener('change', nearby);
    lon.addEventListener('change', nearby);
  }
}());
