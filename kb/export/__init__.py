"""Records written out for other tools: reference managers (RIS, CSL-JSON, page meta tags), a Word
chronicle book and an iCalendar file. Each module maps the domain records onto one format through
a maintained library; nothing here reads requests or files."""
