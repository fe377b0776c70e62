namespace Wsc.Storage;
