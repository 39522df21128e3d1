module tscspstyle/benchgo

go 1.19
