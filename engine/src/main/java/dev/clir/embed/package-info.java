package dev.clir.embed;
