namespace Recoupment.Detection.Reporting;

/// <summary>The style sheet and the worklist script of the HTML report, inlined into every file.</summary>
public static partial class RecoupmentReportHtml
{
    private const string Css = """
        :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --band: #f5f7fa; --overdue: #c53030; --soon: #b7511a; --later: #2b6cb0; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 24px; line-height: 1.4; font-size: 14px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 16px 0 6px; }
        p.meta { color: var(--muted); margin: 0 0 12px; }
        .figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
        .figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 150px; background: var(--band); }
        .figure.overdue .value { color: var(--overdue); }
        .figure.soon .value { color: var(--soon); }
        .figure .label { color: var(--muted); font-size: 12px; }
        .figure .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
        svg { max-width: 100%; height: auto; }
        svg text { font-family: inherit; }
        .charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        .chart { min-width: 0; max-width: 100%; }
        .calendar { display: flex; flex-wrap: wrap; gap: 16px; }
        .legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 4px 0; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
        table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: var(--band); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.date { font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.num { white-space: nowrap; }
        th { overflow-wrap: normal; }
        .sub { display: block; color: var(--muted); font-size: 11px; }
        .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        table.worklist { width: 100%; table-layout: fixed; font-size: 12.5px; }
        table.worklist col.c-toggle { width: 28px; }
        table.worklist thead th { position: sticky; top: 0; z-index: 1; font-size: 12px; }
        table.worklist th.sortable { cursor: pointer; user-select: none; }
        table.worklist th.sortable:focus-visible { outline: 2px solid var(--later); outline-offset: -2px; }
        table.worklist th[aria-sort="ascending"]::after { content: " \25B2"; font-size: 9px; }
        table.worklist th[aria-sort="descending"]::after { content: " \25BC"; font-size: 9px; }
        table.worklist tbody tr.item { cursor: pointer; }
        table.worklist tbody tr.item:hover { background: #fbfcfe; }
        td.toggle button { font: inherit; width: 20px; height: 20px; line-height: 16px; padding: 0; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
        tr.overdue td.deadline, tr.overdue td.days { color: var(--overdue); font-weight: 600; }
        tr.soon td.deadline, tr.soon td.days { color: var(--soon); font-weight: 600; }
        tr.group th { background: #e9eef5; text-align: left; font-weight: 600; }
        tr.group .sub { display: inline; margin-left: 8px; }
        tr.details td { background: var(--band); }
        tr.details dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 4px 16px; margin: 4px 0; }
        tr.details dt { color: var(--muted); font-size: 11px; }
        tr.details dd { margin: 0; overflow-wrap: anywhere; }
        .controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; margin: 8px 0; padding: 8px 10px; background: var(--band); border: 1px solid var(--line); border-radius: 6px; }
        .controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
        .controls label.check { flex-direction: row; align-items: center; gap: 6px; color: var(--ink); font-size: 13px; }
        .controls input, .controls select { font: inherit; font-size: 13px; color: var(--ink); padding: 3px 6px; border: 1px solid #bcccdc; border-radius: 4px; background: #fff; max-width: 260px; }
        .controls input[type="search"] { width: 260px; }
        .controls input[type="number"] { width: 80px; }
        .status { color: var(--muted); margin: 4px 0; }
        .pager { display: flex; gap: 12px; align-items: center; margin: 4px 0 12px; }
        .pager button { font: inherit; padding: 3px 10px; border: 1px solid #bcccdc; border-radius: 4px; background: #fff; cursor: pointer; }
        .pager button:disabled { color: #9aa5b1; cursor: default; }
        footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
        footer p { margin: 4px 0; }
        .empty { color: var(--muted); font-style: italic; }
        @media print {
          @page { size: landscape; margin: 10mm; }
          body { margin: 0; font-size: 9pt; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .controls, .pager, noscript { display: none !important; }
          h2 { break-after: avoid; margin-top: 12px; }
          h3 { break-after: avoid; }
          .figures { break-inside: avoid; }
          .charts { flex-wrap: nowrap; gap: 12px; }
          .chart { flex: 1 1 0; break-inside: avoid; }
          .calendar { gap: 8px; }
          .calendar svg { width: 32%; break-inside: avoid; }
          #worklist-section { break-before: page; }
          #totals { break-before: page; }
          table, table.worklist { font-size: 7.5pt; }
          table.worklist thead th { position: static; font-size: 7pt; }
          table.worklist thead { display: table-header-group; }
          table.worklist th::after { content: none !important; }
          table.worklist col.c-toggle { width: 0; }
          td.toggle, th.toggle { padding: 0; font-size: 0; border: 0; }
          td.toggle button { display: none; }
          th, td { padding: 2px 4px; }
          .sub { font-size: 6.5pt; }
          tr { break-inside: avoid; }
        }
        """;

    // The worklist: rows from the JSON island, filtered, sorted, grouped and paged; only the page in view is in the DOM.
    private const string Script = """
        (function () {
          'use strict';
          var island = document.getElementById('worklist-data');
          if (!island) return;
          var data = JSON.parse(island.textContent);
          // Column positions in each row array (RecoupmentReportHtml.WorklistJson).
          var C = { deadline: 0, days: 1, kind: 2, payerName: 3, payerId: 4, providerName: 5, providerId: 6, account: 7, service: 8, icn: 9,
            originalPaid: 10, found: 11, age: 12, amount: 13, outstanding: 14, cause: 15, carcs: 16, plbCode: 17, plbRef: 18, remittance: 19,
            originalRemittance: 20, payeeId: 21, detail: 22, eventId: 23, status: 24, caseId: 25, caseStatus: 26, caseNote: 27 };
          var SORT = { deadline: C.deadline, days: C.days, kind: C.kind, payer: 'payer', provider: 'provider', account: C.account, icn: C.icn,
            service: C.service, found: C.found, age: C.age, amount: C.amount, outstanding: C.outstanding, cause: C.cause };
          var money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
          var whole = new Intl.NumberFormat('en-US');
          function label(name, id) { return name ? name + ' (' + id + ')' : (id || ''); }
          // One label per payer ID (the name of its first row), so that grouping and sorting go by payer, not by spelling.
          var payerLabels = {};
          data.rows.forEach(function (r) { if (!(r[C.payerId] in payerLabels)) payerLabels[r[C.payerId]] = label(r[C.payerName], r[C.payerId]); });
          var rows = data.rows.map(function (r, i) {
            return { r: r, i: i, payer: payerLabels[r[C.payerId]], provider: label(r[C.providerName], r[C.providerId]),
              // What the search box looks in: every value, and the amounts as they are shown.
              text: (r.join('\u0001') + '\u0001' + money.format(r[C.amount]) + '\u0001' + money.format(r[C.outstanding])).toLowerCase() };
          });
          var $ = function (id) { return document.getElementById(id); };
          var body = $('wl-body'), search = $('wl-search'), payer = $('wl-payer'), provider = $('wl-provider'), cause = $('wl-cause'), caseStatus = $('wl-case'),
            days = $('wl-days'), group = $('wl-group'), size = $('wl-size'), status = $('wl-status'), pageLabel = $('wl-page'),
            prev = $('wl-prev'), next = $('wl-next');
          var state = { sort: null, dir: 1, page: 0, printing: false, open: {} };
          var view = rows;

          function esc(v) {
            return v === null || v === undefined ? '' : String(v).replace(/[&<>"']/g, function (c) {
              return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
            });
          }
          function dash(v) { return v === null || v === undefined || v === '' ? '-' : esc(v); }
          function num(v) { return v === null || v === undefined ? '-' : whole.format(v); }
          function amount(v) { return v === null || v === undefined ? '-' : money.format(v); }
          function value(row, key) { var k = SORT[key]; return typeof k === 'string' ? row[k] : row.r[k]; }
          function compare(a, b) {
            // Missing values sort last in either direction; ties keep the report's order (soonest deadline first).
            if (group.checked) {
              var g = a.payer < b.payer ? -1 : a.payer > b.payer ? 1 : 0;
              if (g !== 0) return g;
            }
            if (state.sort) {
              var x = value(a, state.sort), y = value(b, state.sort);
              var xe = x === null || x === undefined || x === '', ye = y === null || y === undefined || y === '';
              if (xe !== ye) return xe ? 1 : -1;
              if (!xe) {
                if (typeof x === 'string') { x = x.toLowerCase(); y = y.toLowerCase(); }
                if (x < y) return -state.dir;
                if (x > y) return state.dir;
              }
            }
            return a.i - b.i;
          }
          function filter() {
            var terms = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
            var p = payer.value, v = provider.value, c = cause.value, k = caseStatus.value;
            var within = days.value === '' || isNaN(Number(days.value)) ? null : Number(days.value);
            view = rows.filter(function (row) {
              var r = row.r;
              if (p && r[C.payerId] !== p) return false;
              if (v && r[C.providerId] !== v) return false;
              if (c && r[C.cause] !== c) return false;
              if (k && r[C.caseStatus] !== k) return false;
              if (within !== null && (r[C.days] === null || r[C.days] > within)) return false;
              for (var t = 0; t < terms.length; t++) if (row.text.indexOf(terms[t]) < 0) return false;
              return true;
            });
            view.sort(compare);
          }
          function details(r) {
            var pairs = [['Item', r[C.detail]], ['PLB', r[C.plbCode] ? r[C.plbCode] + ' ' + (r[C.plbRef] || '') : null], ['CARCs', r[C.carcs]],
              ['Original paid', r[C.originalPaid] === null ? null : money.format(r[C.originalPaid])], ['Remittance (TRN02)', r[C.remittance]],
              ['Original remittance', r[C.originalRemittance]], ['Payee ID', r[C.payeeId]], ['Provider ID', r[C.providerId]], ['Event', r[C.eventId]],
              ['Case', r[C.caseId]], ['Case status', r[C.caseStatus].replace('_', ' ')], ['Case note', r[C.caseNote]]];
            return '<dl>' + pairs.map(function (p) { return '<div><dt>' + esc(p[0]) + '</dt><dd>' + dash(p[1]) + '</dd></div>'; }).join('') + '</dl>';
          }
          function words(name) { return String(name).replace(/(?!^)([A-Z])/g, function (c) { return ' ' + c.toLowerCase(); }); }
          function sub(text) { return text ? '<span class="sub">' + esc(text) + '</span>' : ''; }
          function rowHtml(row) {
            var r = row.r, open = !!state.open[row.i];
            return '<tr class="item ' + r[C.status] + '" data-i="' + row.i + '">' +
              '<td class="toggle"><button type="button" aria-expanded="' + open + '" aria-label="Details">' + (open ? '\u2212' : '+') + '</button></td>' +
              '<td class="date deadline">' + dash(r[C.deadline]) + '</td><td class="num days">' + num(r[C.days]) + '</td>' +
              '<td>' + esc(r[C.kind]) + sub(r[C.detail]) + sub(r[C.caseStatus] === 'new' ? '' : 'Case ' + r[C.caseStatus].replace('_', ' ')) + '</td>' +
              '<td>' + dash(r[C.payerName] || r[C.payerId]) + sub(r[C.payerName] ? r[C.payerId] : '') + '</td>' +
              '<td>' + dash(r[C.providerName] || r[C.providerId]) + sub(r[C.providerName] ? r[C.providerId] : '') + '</td>' +
              '<td>' + dash(r[C.account]) + '</td><td>' + dash(r[C.icn]) + sub(r[C.icn] ? '' : (r[C.plbCode] ? r[C.plbCode] + ' ' + (r[C.plbRef] || '') : '')) + '</td>' +
              '<td class="date">' + dash(r[C.service]) + '</td><td class="date">' + dash(r[C.found]) + '</td><td class="num">' + num(r[C.age]) + '</td>' +
              '<td class="num">' + amount(r[C.amount]) + '</td><td class="num">' + amount(r[C.outstanding]) + '</td>' +
              '<td>' + esc(words(r[C.cause])) + sub(r[C.carcs]) + '</td></tr>' +
              (open ? '<tr class="details"><td></td><td colspan="13">' + details(r) + '</td></tr>' : '');
          }
          function render() {
            var per = state.printing ? view.length || 1 : Number(size.value) || data.pageSize;
            var pages = Math.max(1, Math.ceil(view.length / per));
            if (state.page >= pages) state.page = pages - 1;
            var start = state.page * per, shown = view.slice(start, start + per);
            var html = [], last = null, totals = {};
            if (group.checked) view.forEach(function (row) {
              var t = totals[row.payer] || (totals[row.payer] = { n: 0, o: 0 });
              t.n++; t.o += row.r[C.outstanding];
            });
            shown.forEach(function (row) {
              if (group.checked && row.payer !== last) {
                var t = totals[row.payer];
                html.push('<tr class="group"><th colspan="14" scope="rowgroup">' + esc(row.payer) + '<span class="sub">' + whole.format(t.n) +
                  (t.n === 1 ? ' item, ' : ' items, ') + money.format(t.o) + ' outstanding</span></th></tr>');
                last = row.payer;
              }
              html.push(rowHtml(row));
            });
            if (shown.length === 0) html.push('<tr><td colspan="14" class="empty">No item matches the filters.</td></tr>');
            body.innerHTML = html.join('');
            var outstanding = view.reduce(function (s, row) { return s + row.r[C.outstanding]; }, 0);
            status.textContent = (view.length === 0 ? 'No items' : 'Showing ' + whole.format(start + 1) + '\u2013' + whole.format(start + shown.length) +
              ' of ' + whole.format(view.length) + (view.length === 1 ? ' item' : ' items')) +
              (view.length === rows.length ? '' : ' (filtered from ' + whole.format(rows.length) + ')') + ', ' + money.format(outstanding) + ' outstanding.';
            pageLabel.textContent = 'Page ' + whole.format(state.page + 1) + ' of ' + whole.format(pages);
            prev.disabled = state.page === 0;
            next.disabled = state.page >= pages - 1;
            document.body.setAttribute('data-worklist-rows', String(shown.length));
          }
          function refresh() { state.page = 0; filter(); render(); }

          [search, days].forEach(function (el) { el.addEventListener('input', refresh); });
          [payer, provider, cause, caseStatus, group, size].forEach(function (el) { el.addEventListener('change', refresh); });
          prev.addEventListener('click', function () { state.page--; render(); });
          next.addEventListener('click', function () { state.page++; render(); });
          function sortBy(th) {
            var key = th.getAttribute('data-sort');
            state.dir = state.sort === key ? -state.dir : 1;
            state.sort = key;
            document.querySelectorAll('#worklist thead th[aria-sort]').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
            th.setAttribute('aria-sort', state.dir === 1 ? 'ascending' : 'descending');
            filter(); render();
          }
          document.querySelectorAll('#worklist thead th[data-sort]').forEach(function (th) {
            th.addEventListener('click', function () { sortBy(th); });
            th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(th); } });
          });
          body.addEventListener('click', function (e) {
            var tr = e.target.closest('tr.item');
            if (!tr) return;
            var i = Number(tr.getAttribute('data-i'));
            state.open[i] = !state.open[i];
            render();
          });
          // Printing shows every row the filters keep, with the header row repeated on each page.
          window.addEventListener('beforeprint', function () { state.printing = true; render(); });
          window.addEventListener('afterprint', function () { state.printing = false; render(); });
          filter(); render();
        })();
        """;
}
