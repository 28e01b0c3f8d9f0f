/* café */ //~ invalid-utf8
int x;
