-- Schema 14: a name found from its second character too (小 or 小明 in 张小明, 阳 in 欧阳娜娜).
-- With the start (person_name_company) and the end (person_name_end) of a name, every part of
-- a Chinese name of up to four characters is found through an index.
CREATE INDEX person_name_from2 ON person(substr(name, 2));
