// No import or export: a script, whose top-level variables are globals.
var seen = []; // REPORT: accumulating-global manual

function track(id) {
  seen.push(id);
}

track(1);
