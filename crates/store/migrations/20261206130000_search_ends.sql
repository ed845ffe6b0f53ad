-- Schema 13: the lead search finds a lead by the end of its name (a given name: 娜娜 finds
-- 欧阳娜娜) and by the last four digits of its mobile (尾号), through these indexes rather
-- than a pass over a million leads. The name is in the first so that a longer end (娜娜) is
-- checked without reading the lead.
CREATE INDEX person_name_end ON person(substr(name, -1), name);
CREATE INDEX person_mobile_tail ON person(substr(mobile, -4));
