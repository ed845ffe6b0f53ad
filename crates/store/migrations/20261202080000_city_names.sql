-- Schema 8: one spelling per city. Imports now store a region cell without its administrative
-- suffix (core people/region.rs: 上海市 → 上海, 广东省深圳市 → 深圳, 广西壮族自治区 → 广西); the
-- leads stored before get the same rule here, so the region filter stops listing 上海 and 上海市
-- as two places. Each step drops one suffix and only when two characters are left, as the Rust
-- rule does; a province before a city gives the city.

UPDATE person SET city = substr(city, instr(city, '省') + 1)
 WHERE instr(city, '省') > 0 AND length(substr(city, instr(city, '省') + 1)) >= 2;

UPDATE person SET city = substr(city, 1, length(city) - 5)
 WHERE city LIKE '%特别行政区' AND length(city) - 5 >= 2;
UPDATE person SET city = substr(city, 1, length(city) - 6)
 WHERE city LIKE '%维吾尔自治区' AND length(city) - 6 >= 2;
UPDATE person SET city = substr(city, 1, length(city) - 5)
 WHERE (city LIKE '%壮族自治区' OR city LIKE '%回族自治区') AND length(city) - 5 >= 2;
UPDATE person SET city = substr(city, 1, length(city) - 3)
 WHERE city LIKE '%自治区' AND length(city) - 3 >= 2;
UPDATE person SET city = substr(city, 1, length(city) - 1)
 WHERE (city LIKE '%省' OR city LIKE '%市') AND length(city) - 1 >= 2;
