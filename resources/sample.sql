-- QtOrm Browser sample database: the domain of the SQLAlchemy ORM tutorial — users, their
-- e-mail addresses, blog posts and the keywords of those posts (many-to-many).
-- Plain SQLite SQL. The browser runs it statement by statement in one transaction: every
-- statement ends with ";" at the end of a line, and lines starting with "--" are comments.

CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(50) NOT NULL,
    fullname VARCHAR(50),
    nickname VARCHAR(50)
);

CREATE TABLE addresses (
    id INTEGER NOT NULL PRIMARY KEY,
    email_address VARCHAR(100) NOT NULL,
    user_id INTEGER REFERENCES users (id)
);

CREATE TABLE posts (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER REFERENCES users (id),
    headline VARCHAR(255) NOT NULL,
    body TEXT
);

CREATE TABLE keywords (
    id INTEGER NOT NULL PRIMARY KEY,
    keyword VARCHAR(50) NOT NULL UNIQUE
);

CREATE TABLE post_keywords (
    post_id INTEGER NOT NULL REFERENCES posts (id),
    keyword_id INTEGER NOT NULL REFERENCES keywords (id),
    PRIMARY KEY (post_id, keyword_id)
);

CREATE INDEX ix_addresses_user_id ON addresses (user_id);

CREATE INDEX ix_posts_user_id ON posts (user_id);

-- The tutorial's people first, then a few more.
INSERT INTO users (id, name, fullname, nickname) VALUES
    (1, 'ed', 'Ed Jones', 'eddie'),
    (2, 'wendy', 'Wendy Williams', 'windy'),
    (3, 'mary', 'Mary Contrary', 'mary'),
    (4, 'fred', 'Fred Flintstone', 'freddy'),
    (5, 'jack', 'Jack Bean', 'gjffdd'),
    (6, 'barney', 'Barney Rubble', 'barns'),
    (7, 'betty', 'Betty Rubble', NULL),
    (8, 'wilma', 'Wilma Flintstone', 'willy'),
    (9, 'pebbles', 'Pebbles Flintstone', NULL),
    (10, 'ada', 'Ada Lovelace', 'enchantress');

INSERT INTO addresses (id, email_address, user_id) VALUES
    (1, 'jack@google.com', 5),
    (2, 'j25@yahoo.com', 5),
    (3, 'ed@google.com', 1),
    (4, 'ed@bettyboop.com', 1),
    (5, 'ed@lala.com', 1),
    (6, 'wendy@weirdo.com', 2),
    (7, 'mary@example.org', 3),
    (8, 'fred@bedrock.example', 4),
    (9, 'fred.flintstone@quarry.example', 4),
    (10, 'barney@bedrock.example', 6),
    (11, 'betty@bedrock.example', 7),
    (12, 'ada@analytical.example', 10),
    (13, 'unclaimed@example.org', NULL);

INSERT INTO posts (id, user_id, headline, body) VALUES
    (1, 2, 'Wendy''s Blog Post', 'This is a test'),
    (2, 2, 'Windy days', 'Notes from a blustery afternoon.'),
    (3, 1, 'Ed''s first post', 'Hello from Ed Jones.'),
    (4, 5, 'Beanstalks and beyond', 'Jack on climbing, giants and gardening.'),
    (5, 4, 'Yabba dabba doo', 'Life at the quarry.'),
    (6, 10, 'Notes on the Analytical Engine', 'It might act upon other things besides number.'),
    (7, 3, 'Quite contrary', NULL),
    (8, 6, 'Bowling night', 'Fred and Barney at the Bedrock bowl-o-rama.');

INSERT INTO keywords (id, keyword) VALUES
    (1, 'wendy'),
    (2, 'firstpost'),
    (3, 'weather'),
    (4, 'gardening'),
    (5, 'bedrock'),
    (6, 'computing'),
    (7, 'history'),
    (8, 'sports');

INSERT INTO post_keywords (post_id, keyword_id) VALUES
    (1, 1),
    (1, 2),
    (2, 1),
    (2, 3),
    (3, 2),
    (4, 2),
    (4, 4),
    (5, 5),
    (5, 2),
    (6, 6),
    (6, 7),
    (6, 2),
    (7, 2),
    (8, 5),
    (8, 8);
