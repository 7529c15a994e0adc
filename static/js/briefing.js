// The briefing's export form: "So sánh với" offers only quarters before the one chosen
// in "Quý báo cáo". The server offers the right ones when the page is drawn and refuses
// a later one anyway; this file only keeps the list right when the quarter is changed.
(function () {
  "use strict";
  var period = document.getElementById("id_period");
  var compare = document.getElementById("id_compare");
  if (!period || !compare) return;
  // Quarter codes ("2016Q3") sort as text in time order.
  var quarters = Array.prototype.map.call(period.options, function (option) {
    return { code: option.value, label: option.text };
  });
  var first = compare.options[0]; // "Quý liền trước"
  var last = compare.options[compare.options.length - 1]; // "Không so sánh"
  function refill() {
    var chosen = compare.value;
    while (compare.options.length) compare.remove(0);
    compare.add(first);
    quarters.forEach(function (quarter) {
      if (quarter.code < period.value) compare.add(new Option(quarter.label, quarter.code));
    });
    compare.add(last);
    compare.value = chosen;
    if (compare.selectedIndex < 0) compare.value = first.value;
  }
  period.addEventListener("change", refill);
})();
