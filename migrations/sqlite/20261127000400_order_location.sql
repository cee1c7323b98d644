-- The pin the customer shared reaches the courier: its coordinates travel with
-- the order (1e-7 degrees, as the conversation keeps them), NULL without a pin.
ALTER TABLE orders ADD COLUMN latitude_e7 INTEGER
    CHECK (latitude_e7 IS NULL OR latitude_e7 BETWEEN -900000000 AND 900000000);
ALTER TABLE orders ADD COLUMN longitude_e7 INTEGER
    CHECK (longitude_e7 IS NULL OR longitude_e7 BETWEEN -1800000000 AND 1800000000);
