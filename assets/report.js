// meetload report: click a column header of a .sortable table to sort it;
// data-ready tells the browser test the script ran. Inlined at build time.
document.querySelectorAll('table.sortable th').forEach(function(th){
th.title='Click to sort';
th.addEventListener('click',function(){
var table=th.closest('table');
var idx=Array.prototype.indexOf.call(th.parentNode.children,th);
var body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);
var asc=th.getAttribute('data-dir')!=='asc';
th.setAttribute('data-dir',asc?'asc':'desc');
rows.sort(function(a,b){
var x=a.cells[idx].getAttribute('data-v')||a.cells[idx].textContent;
var y=b.cells[idx].getAttribute('data-v')||b.cells[idx].textContent;
var nx=parseFloat(x),ny=parseFloat(y);
var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
return asc?c:-c;
});
rows.forEach(function(r){
body.appendChild(r);
});
});
});
document.documentElement.setAttribute('data-ready','yes');

