-- num_places_max: the decimals two stated numbers carry together, the larger of their num_places after dropping
--   binary noise below 1e-6 (97.53 and 97.7 → 2; 84.3 and 72.5 → 1; 0.30000000000000004 and 1 → 1): the digits a
--   change between them may show without inventing or dropping any.
-- grain: scalar, one value per call.
-- columns: a (double), b (double) → integer; null when both are null.
create or replace macro num_places_max(a, b) as greatest(num_places(round(a, 6)), num_places(round(b, 6)))
