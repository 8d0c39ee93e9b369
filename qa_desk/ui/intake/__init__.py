"""The intake wizard (受理登记): one page per part of the receipt record, a draft saved as you type."""
