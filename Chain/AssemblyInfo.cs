namespace Wsc.Chain;
