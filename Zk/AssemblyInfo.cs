namespace Wsc.Zk;
