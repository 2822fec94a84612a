:INPUT,FORWARD,OUTPUT
# With revision 1 in the kernel, iptables sends every line as revision 1;
# the revision-0 lines save exactly as they would under revision 0.
# Types: any subset, printed in the order none,dynamic,relay,quarantine.
-m smtp25 --src-type dynamic;=;OK
-m smtp25 --dst-type relay;=;OK
-m smtp25 --src-type quarantine;=;OK
-m smtp25 --src-type none;=;OK
-m smtp25 --src-type dynamic,quarantine;=;OK
-m smtp25 --src-type quarantine,dynamic;-m smtp25 --src-type dynamic,quarantine;OK
-m smtp25 --dst-type relay,none,quarantine,dynamic;-m smtp25 --dst-type none,dynamic,relay,quarantine;OK
-m smtp25 ! --src-type dynamic;=;OK
-m smtp25 ! --dst-type none,relay;=;OK
# Pools by name.
-m smtp25 --src-pool dyn;=;OK
-m smtp25 ! --dst-pool relays;=;OK
-m smtp25 --src-pool A.b_c-9;=;OK
-m smtp25 --src-pool abcdefghijklmnopqrstuvwxyz01234;=;OK
# Everything at once, in any order; printed in canonical order.
-m smtp25 --dst-pool b --src-pool a --dst-type relay --src-type dynamic;-m smtp25 --src-type dynamic --dst-type relay --src-pool a --dst-pool b;OK
-m smtp25 ! --src-type dynamic ! --dst-type quarantine ! --src-pool a ! --dst-pool b;=;OK
# With the usual companions.
-p tcp -m tcp --dport 25 -m smtp25 --src-type dynamic,quarantine -j REJECT --reject-with tcp-reset;=;OK
-p tcp -m tcp --sport 25 -m smtp25 --dst-type dynamic -j DROP;=;OK
-p tcp -m smtp25 --src-type dynamic -m tcp --dport 587;=;OK
# Revision 1: --over-limit and --record.
-m smtp25 --over-limit;=;OK
-m smtp25 ! --over-limit;=;OK
-m smtp25 --record blocked;=;OK
-m smtp25 --record allowed;=;OK
-m smtp25 --src-type relay --over-limit --record blocked;=;OK
-m smtp25 --src-type relay ! --over-limit --record allowed;=;OK
# Printed in the order the kernel tests them: types and pools, limit, record.
-m smtp25 --record blocked --over-limit --src-pool premium;-m smtp25 --src-pool premium --over-limit --record blocked;OK
-m smtp25 --record allowed ! --over-limit ! --dst-type none ! --src-type dynamic,quarantine;-m smtp25 ! --src-type dynamic,quarantine ! --dst-type none ! --over-limit --record allowed;OK
# As they are meant to be used: once per new connection to port 25.
-p tcp -m tcp --dport 25 --tcp-flags FIN,SYN,RST,ACK SYN -m smtp25 --src-type relay ! --over-limit --record allowed -j ACCEPT;=;OK
-p tcp -m tcp --dport 25 --tcp-flags FIN,SYN,RST,ACK SYN -m smtp25 --src-type dynamic,relay,quarantine --record blocked -j REJECT --reject-with tcp-reset;=;OK
# Refused: no option, bad types, bad names, repeats.
-m smtp25;;FAIL
-m smtp25 --src-type;;FAIL
-m smtp25 --src-type dyn;;FAIL
-m smtp25 --src-type Dynamic;;FAIL
-m smtp25 --src-type dynamic,,relay;;FAIL
-m smtp25 --src-type dynamic,;;FAIL
-m smtp25 --src-type ,dynamic;;FAIL
-m smtp25 --src-type dynamic,dynamic;;FAIL
-m smtp25 --src-type dynamic --src-type relay;;FAIL
-m smtp25 --src-pool a --src-pool b;;FAIL
-m smtp25 --src-pool "";;FAIL
-m smtp25 --src-pool abcdefghijklmnopqrstuvwxyz012345;;FAIL
-m smtp25 --src-pool a/b;;FAIL
-m smtp25 --dst-pool a:b;;FAIL
-m smtp25 --src dynamic;;FAIL
-m smtp25 --bogus;;FAIL
-m smtp25 --record;;FAIL
-m smtp25 --record maybe;;FAIL
-m smtp25 --record Blocked;;FAIL
-m smtp25 --record blocked,allowed;;FAIL
-m smtp25 ! --record blocked;;FAIL
-m smtp25 --record blocked --record allowed;;FAIL
-m smtp25 --record blocked --record blocked;;FAIL
-m smtp25 --over-limit --over-limit;;FAIL
-m smtp25 --over-limit ! --over-limit;;FAIL
-m smtp25 --over-limit blocked;;FAIL
