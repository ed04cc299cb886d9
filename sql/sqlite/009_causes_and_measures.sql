-- After handling, a case records its category (a key from Procedure:Categories), the possible cause of the complaint
-- and the structural or preventive measure taken, as the handler sets them by mail (#categorie, #oorzaak, #maatregel).
-- All three stay empty on a case closed without them; the analysis counts such cases as such.
ALTER TABLE cases ADD COLUMN category TEXT NULL;
ALTER TABLE cases ADD COLUMN cause TEXT NULL;
ALTER TABLE cases ADD COLUMN measure TEXT NULL;
