"""The map page's style and script (vmgraph's own; nothing fetched).

Hovering or focusing a product highlights its moves (on a large map, where no line is drawn
until then, it draws them) and lists them in the panel with what each takes; clicking two
products, or picking them in the two lists, shows the route between them from the answers the
page carries. Every word is set with textContent, never parsed as markup.
"""

MAP_CSS = """
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.4rem 0}
.legend li{display:flex;align-items:center;gap:.35rem}
.key{display:inline-block;width:1.6rem;height:0;border-top:3px solid var(--line)}
.map-wrap{overflow:auto;border:1px solid var(--rule);border-radius:6px;background:#fff;max-height:75vh}
#map .product rect{fill:#f6f7f7;stroke:#50575e;stroke-width:1.2}
#map .product text{fill:#1d2327;pointer-events:none}#map .product .note{fill:#50575e}
#map .product{cursor:pointer;outline:none}
#map .product:focus-visible rect,#map .product:hover rect{stroke:#2271b1;stroke-width:3}
#map .product.chosen rect{fill:#dbeafe;stroke:#0a5c8c;stroke-width:3}
#map .product.near rect{fill:#fff7e0}
#map.focus .move{opacity:.12}#map .move.on{opacity:1;stroke-width:3.2}
#map-panel{margin-top:1rem;border-top:1px solid var(--rule)}
#panel-body li{margin:.25rem 0}
.pickers{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.8rem 0}
.pickers select{font:inherit;padding:.15rem .3rem;max-width:22rem}
@media print{.map-wrap{max-height:none;overflow:visible;border:0}#map-panel{display:none}}
"""

MAP_JS = r"""
(function(){
  var D=JSON.parse(document.getElementById('vmgraph-map').textContent);
  var svg=document.getElementById('map'),layer=document.getElementById('highlight'),NS='http://www.w3.org/2000/svg';
  var boxes=Array.prototype.slice.call(svg.querySelectorAll('.product'));
  var lines=Array.prototype.slice.call(svg.querySelectorAll('.move'));
  var hint=document.getElementById('panel-hint'),body=document.getElementById('panel-body'),title=document.getElementById('panel-title');
  var from=document.getElementById('route-from'),to=document.getElementById('route-to');
  var W=D.box[0],H=D.box[1],chosen=[];
  function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
  function name(i){return D.products[i].name;}
  function points(a,b){
    var ax=a.x+W/2,ay=a.y+H/2,bx=b.x+W/2,by=b.y+H/2,dx=bx-ax,dy=by-ay,len=Math.max(Math.sqrt(dx*dx+dy*dy),1),ox=-dy/len*4,oy=dx/len*4;
    function cut(px,py,ux,uy){var s=Math.min(ux?W/2/Math.abs(ux):1e9,uy?H/2/Math.abs(uy):1e9);return [px+ux*s+ox,py+uy*s+oy];}
    return [cut(ax,ay,dx,dy),cut(bx,by,-dx,-dy)];
  }
  function clearMarks(){svg.classList.remove('focus');lines.forEach(function(l){l.classList.remove('on');});
    boxes.forEach(function(b){b.classList.remove('near');});layer.replaceChildren();}
  function mark(i){
    clearMarks();svg.classList.add('focus');
    D.moves.forEach(function(m){
      if(m[0]!==i&&m[1]!==i)return;
      boxes[m[0]===i?m[1]:m[0]].classList.add('near');
      if(!D.lines){var p=points(D.products[m[0]],D.products[m[1]]),l=document.createElementNS(NS,'line');
        l.setAttribute('x1',p[0][0]);l.setAttribute('y1',p[0][1]);l.setAttribute('x2',p[1][0]);l.setAttribute('y2',p[1][1]);
        l.setAttribute('stroke',(D.kinds[m[2]]||['', '#6B6B6B'])[1]);l.setAttribute('stroke-width','2.5');l.setAttribute('class','move on');
        l.setAttribute('marker-end','url(#head-'+m[2].replace('/','-')+')');layer.appendChild(l);}
    });
    lines.forEach(function(l){var a=+l.getAttribute('data-from'),b=+l.getAttribute('data-to');if(a===i||b===i)l.classList.add('on');});
  }
  function listMoves(i){
    if(chosen.length)return;
    title.textContent='Moves of '+name(i);hint.textContent='';body.replaceChildren();
    [['Moves from '+name(i),0],['Moves to '+name(i),1]].forEach(function(part){
      var mine=D.moves.filter(function(m){return m[part[1]]===i;});
      body.appendChild(el('h3',part[0]+' ('+mine.length+')'));
      var ul=el('ul');mine.forEach(function(m){var other=part[1]===0?m[1]:m[0];
        var li=el('li');li.appendChild(el('strong',name(other)));li.appendChild(document.createTextNode(': '+m[3]+' ('+(D.kinds[m[2]]||[m[2]])[0]+')'));ul.appendChild(li);});
      if(!mine.length)ul.appendChild(el('li','none'));body.appendChild(ul);
    });
  }
  function shell(words){return "'"+words.replace(/'/g,"'\\''")+"'";}
  function showRoute(a,b){
    title.textContent='Route: '+name(a)+' → '+name(b);hint.textContent='';body.replaceChildren();
    var r=D.routes?D.routes[a+','+b]:null;
    var command='vmgraph route '+shell(name(a))+' '+shell(name(b))+(D.extra?' '+D.extra:'');
    if(!r){body.appendChild(el('p','This map has more than '+D.routed_at_most+' products, so its page carries no routes: run the command.'));}
    else if(r.found){
      var ol=el('ol');r.steps.forEach(function(s){var li=el('li');li.appendChild(el('strong',s[0]));
        li.appendChild(el('span',' ['+s[2].join(', ')+'] '));li.appendChild(el('div',s[3]));
        var src=el('div','');if(s[5]&&/^https?:\/\//.test(s[5])){var link=el('a',s[4]);link.href=s[5];link.rel='noreferrer';src.appendChild(document.createTextNode('Source: '));src.appendChild(link);}
        else{src.textContent='Guide: '+s[4];}li.appendChild(src);
        if(s[6])li.appendChild(el('div','Inferred by vmgraph: '+s[6],'inferred'));ol.appendChild(li);});
      if(!r.steps.length)body.appendChild(el('p','Nothing to do: it runs there as it is.'));
      body.appendChild(ol);body.appendChild(el('p','Summary: '+r.summary));command=r.command||command;
    } else {
      body.appendChild(el('p','No route. '+r.reason));
      var said=el('ul');r.said.forEach(function(s){said.appendChild(el('li',s[0]+' ('+s[1]+')'+(s[2]?' Instead: '+s[2]:'')));});body.appendChild(said);
      if(r.suggestions.length){body.appendChild(el('p','vmgraph suggests (each command gives a route):'));var ul=el('ul');
        r.suggestions.forEach(function(s){var li=el('li',s[0]+': '+s[1]);li.appendChild(copyable(s[2]));ul.appendChild(li);});body.appendChild(ul);}
      command=r.command||command;
    }
    body.appendChild(el('p','In full, with every step\'s source:'));body.appendChild(copyable(command));
  }
  function copyable(words){var d=el('div','','command');d.appendChild(el('code',words));var b=el('button','Copy','copy');b.type='button';
    b.setAttribute('data-copy',words);b.setAttribute('aria-label','Copy the command: '+words);d.appendChild(b);return d;}
  function choose(i){
    if(chosen.length>=2)chosen=[];
    chosen.push(i);
    boxes.forEach(function(b,n){var on=chosen.indexOf(n)>=0;b.classList.toggle('chosen',on);b.setAttribute('aria-pressed',on?'true':'false');});
    from.value=String(chosen[0]);to.value=chosen.length>1?String(chosen[1]):'';
    if(chosen.length===2&&chosen[0]!==chosen[1])showRoute(chosen[0],chosen[1]);
    else{title.textContent='From '+name(i);hint.textContent='Now choose where the VM must run.';body.replaceChildren();}
  }
  boxes.forEach(function(b,i){
    b.addEventListener('mouseenter',function(){mark(i);listMoves(i);});
    b.addEventListener('focus',function(){mark(i);listMoves(i);});
    b.addEventListener('click',function(){choose(i);});
    b.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();choose(i);}});
  });
  svg.addEventListener('mouseleave',function(){if(!chosen.length)clearMarks();});
  function picked(){var a=from.value,b=to.value;chosen=[];boxes.forEach(function(x){x.classList.remove('chosen');x.setAttribute('aria-pressed','false');});
    if(a!==''){chosen.push(+a);boxes[+a].classList.add('chosen');boxes[+a].setAttribute('aria-pressed','true');mark(+a);}
    if(a!==''&&b!==''&&a!==b){chosen.push(+b);boxes[+b].classList.add('chosen');boxes[+b].setAttribute('aria-pressed','true');showRoute(+a,+b);}}
  from.addEventListener('change',picked);to.addEventListener('change',picked);
  document.getElementById('route-clear').addEventListener('click',function(){chosen=[];from.value='';to.value='';clearMarks();
    boxes.forEach(function(x){x.classList.remove('chosen');x.setAttribute('aria-pressed','false');});
    title.textContent='Moves';hint.textContent='Hover or focus a product to list its moves.';body.replaceChildren();});
  document.documentElement.setAttribute('data-ready','true');
})();
"""
