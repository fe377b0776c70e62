namespace Wsc.TestKit;
