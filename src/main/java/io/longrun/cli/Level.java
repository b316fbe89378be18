package io.longrun.cli;

/** loguru's levels, as the old tool printed them. */
enum Level {
    DEBUG, INFO, SUCCESS, WARNING, ERROR
}
