"""The fleet page's VM table: its style and script (vmgraph's own; no library, nothing fetched).

The script reads the page's two JSON blocks (one entry per question, one compact array per VM),
keeps the VMs as indexes into them, and draws only the rows in view (virtual scrolling: a
spacer row above and below the drawn ones keeps the scroll bar true), so sorting, filtering and
scrolling a 100,000-VM table stay quick. Sorting headers are buttons; the filter matches as
you type (name, host, where, hardware, group, status and plan); every cell is set with
textContent, never parsed as markup.
"""

TABLE_CSS = """
.figures{display:flex;flex-wrap:wrap;gap:.8rem;margin:.6rem 0 1rem}
.figure{border:1px solid var(--rule);border-radius:6px;padding:.5rem .9rem;min-width:9rem;background:var(--soft)}
.figure .number{display:block;font-size:1.6rem;font-weight:600}.figure .what{color:var(--muted)}
.chart{margin:0;overflow-x:auto}.chart svg{max-width:100%;height:auto}
.group{border-top:1px solid #e2e4e7;padding:.2rem 0 .6rem}
table.plain{border-collapse:collapse}table.plain td,table.plain th{border:1px solid var(--rule);padding:.2rem .5rem;text-align:left}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0 .6rem}
.controls input{font:inherit;padding:.2rem .4rem;min-width:18rem;border:1px solid #8c8f94;border-radius:3px}
.controls select{font:inherit;padding:.15rem .3rem;max-width:28rem}
.controls .control{display:inline-flex;gap:.35rem;align-items:center}
#vm-count{color:var(--muted);margin-left:auto}
.vm-scroll{height:min(70vh,640px);overflow:auto;border:1px solid var(--rule);border-radius:4px;position:relative}
.vm-table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:13px}
.vm-table thead th{position:sticky;top:0;background:#f0f0f1;z-index:1;border-bottom:1px solid var(--rule);text-align:left;padding:0}
.vm-table thead button{all:unset;box-sizing:border-box;display:block;width:100%;padding:.35rem .5rem;cursor:pointer;font-weight:600}
.vm-table thead button:focus-visible{outline:3px solid #2271b1;outline-offset:-3px}
.vm-table th[aria-sort=ascending] button::after{content:" ▲"}.vm-table th[aria-sort=descending] button::after{content:" ▼"}
.vm-table td{height:28px;padding:0 .5rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-bottom:1px solid #eceef0}
.vm-table tr.spacer td{padding:0;border:0}
.col-name{width:19%}.col-row{width:7%}.col-host{width:14%}.col-on{width:11%}.col-hardware{width:8%}.col-group{width:6%}.col-status{width:8%}.col-plan{width:27%}
td.status-blocked{color:#8a2424;font-weight:600}
.print-only{display:none}
@media print{.print-only{display:block}.vms .controls{display:none}}
"""

TABLE_JS = r"""
(function(){
  var ROW=28, EXTRA=12;
  var Q=JSON.parse(document.getElementById('vmgraph-questions').textContent);
  var V=JSON.parse(document.getElementById('vmgraph-vms').textContent);
  var scroller=document.querySelector('.vm-scroll'), body=document.getElementById('vm-rows');
  var filter=document.getElementById('vm-filter'), status=document.getElementById('vm-status'), count=document.getElementById('vm-count');
  var group=document.getElementById('vm-group');
  var heads=Array.prototype.slice.call(document.querySelectorAll('.vm-table thead th'));
  var COLS=['name','row','host','on','hardware','group','status','plan'];
  var qText=Q.map(function(q){return (q[0]+'\u0000'+q[1]+'\u0000'+q[2]+'\u0000'+q[3]+'\u0000'+q[4]).toLowerCase();});
  var vText=null, order=null, shown=V.length, sortKey=null, sortDir=1;
  function all(){var a=new Int32Array(V.length);for(var i=0;i<a.length;i++)a[i]=i;return a;}
  order=all();
  function value(i,key){var v=V[i],q=Q[v[2]];switch(key){case 'name':return v[0];case 'row':return v[1];case 'host':return v[3];
    case 'on':return q[0];case 'hardware':return q[1];case 'group':return q[2];case 'status':return q[3];default:return q[4];}}
  function cell(tr,text,cls){var td=document.createElement('td');td.textContent=text;if(cls)td.className=cls;td.title=String(text);tr.appendChild(td);}
  function spacer(height){var tr=document.createElement('tr');tr.className='spacer';tr.setAttribute('aria-hidden','true');
    var td=document.createElement('td');td.colSpan=8;td.style.height=height+'px';tr.appendChild(td);return tr;}
  var drawn=-1, drawnCount=-1, pending=false;
  function draw(force){
    pending=false;
    var first=Math.max(0,Math.floor(scroller.scrollTop/ROW)-EXTRA);
    var many=Math.ceil(scroller.clientHeight/ROW)+2*EXTRA;
    var last=Math.min(shown,first+many);
    if(!force&&first===drawn&&last-first===drawnCount)return;
    drawn=first;drawnCount=last-first;
    var fragment=document.createDocumentFragment();
    fragment.appendChild(spacer(first*ROW));
    for(var n=first;n<last;n++){
      var i=order[n],v=V[i],q=Q[v[2]],tr=document.createElement('tr');
      tr.setAttribute('aria-rowindex',String(n+2));
      cell(tr,v[0]);cell(tr,v[1]);cell(tr,v[3]);cell(tr,q[0]);cell(tr,q[1]);cell(tr,q[2]);cell(tr,q[3],'status-'+q[3]);cell(tr,q[4]);
      fragment.appendChild(tr);
    }
    fragment.appendChild(spacer(Math.max(0,(shown-last)*ROW)));
    body.replaceChildren(fragment);
  }
  function later(){if(!pending){pending=true;requestAnimationFrame(function(){draw(false);});}}
  scroller.addEventListener('scroll',later,{passive:true});
  window.addEventListener('resize',later);
  function sortOrder(){
    if(sortKey===null)return;
    var key=sortKey,dir=sortDir,keys=new Array(V.length);
    for(var n=0;n<shown;n++){var i=order[n],k=value(i,key);keys[i]=typeof k==='string'?k.toLowerCase():k;}
    var part=Array.prototype.slice.call(order.subarray(0,shown));
    part.sort(function(a,b){var x=keys[a],y=keys[b];return x<y?-dir:x>y?dir:a-b;});
    order=Int32Array.from(part);
  }
  function apply(){
    var words=filter.value.trim().toLowerCase(),want=status.value,only=group.value===''?null:+group.value;
    if(!words&&!want&&only===null){order=all();shown=V.length;}
    else{
      if(words&&vText===null){vText=V.map(function(v){return (v[0]+'\u0000'+v[3]).toLowerCase();});}
      var qStatus=Q.map(function(q){return (!want||q[3]===want)&&(only===null||q[2]===only);});
      var qOk=Q.map(function(q,n){return qStatus[n]&&(!words||qText[n].indexOf(words)>=0);});
      var kept=new Int32Array(V.length),m=0;
      for(var i=0;i<V.length;i++){var k=V[i][2];if(qOk[k]||(qStatus[k]&&words&&vText[i].indexOf(words)>=0))kept[m++]=i;}
      order=kept.subarray(0,m);shown=m;
    }
    sortOrder();
    count.textContent=(shown===V.length?V.length.toLocaleString('en-US')+' VMs':shown.toLocaleString('en-US')+' of '+V.length.toLocaleString('en-US')+' VMs');
    scroller.scrollTop=0;draw(true);
  }
  var typing=null;
  filter.addEventListener('input',function(){clearTimeout(typing);typing=setTimeout(apply,V.length>20000?120:0);});
  status.addEventListener('change',apply);
  group.addEventListener('change',apply);
  document.addEventListener('click',function(event){var b=event.target.closest&&event.target.closest('button.show-group');if(!b)return;
    group.value=b.getAttribute('data-group');filter.value='';status.value='';apply();
    document.getElementById('vms').scrollIntoView();group.focus();});
  heads.forEach(function(th,n){th.querySelector('button').addEventListener('click',function(){
    var key=COLS[n];sortDir=(sortKey===key?-sortDir:1);sortKey=key;
    heads.forEach(function(h){h.setAttribute('aria-sort','none');});
    th.setAttribute('aria-sort',sortDir===1?'ascending':'descending');
    apply();
  });});
  draw(true);
  document.documentElement.setAttribute('data-ready','true');
})();
"""
