-- The script's own arguments ($1 $2 ... of every attempt), as JSON text like args and environment: a list of
-- strings. Chains stored before this column existed have NULL here, which reads as no arguments.
-- Runs on H2 and PostgreSQL alike.
ALTER TABLE chain ADD COLUMN script_arguments TEXT;
