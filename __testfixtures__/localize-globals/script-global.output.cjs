// No import or export: a script, whose top-level variables are globals.
var seen = [];

function track(id) {
  seen.push(id);
}

track(1);
